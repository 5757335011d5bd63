import Foundation
import HavenDomain
import HavenFeatures
import Vapor

/// N2: one place maps every error to a status and to a page or a JSON problem. Messages name
/// the field; unknown errors become a 500 with a reference id. Case content never appears here.
struct ErrorResponder: AsyncMiddleware {
    struct Problem: APIBody {
        let status: Int
        let title: String
        let errors: [ProblemField]?
        let reference: String?
    }

    /// A field error as the API gives it: the field, and the message in the reader's language.
    struct ProblemField: Codable {
        let field: String
        let message: String
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            do {
                return try await response(for: error, request: request)
            } catch {
                // The error page itself failed: answer in plain text rather than not at all.
                request.logger.error(
                    "error page failed", metadata: ["type": .string(String(reflecting: type(of: error)))])
                return Response(
                    status: .internalServerError, headers: ["Content-Type": "text/plain; charset=utf-8"],
                    body: .init(string: request.text("error.pageFailed") + "\n"))
            }
        }
    }

    func response(for error: any Error, request: Request) async throws -> Response {
        var error = error
        // R3.1: a document larger than the route reads at all (a phone's photo of a form) was not
        // read: said on its form like any other mistake, not as a bare status.
        if let abort = error as? any AbortError, abort.status == .payloadTooLarge, !request.isAPI,
            request.route?.documentForm != nil
        {
            error = InvalidInput(ReferralCopy.tooLarge)
        }
        // N2: a refused form comes back on its own page, filled in, with every problem named.
        if let invalid = error as? InvalidInput, !request.isAPI, request.method == .POST,
            let page = request.route?.formPage
        {
            // A form with a file (R3.1) comes back with its words only, never the file's bytes
            // (none at all when the body was too large to read: then only which form it was).
            if let scope = request.route?.documentForm {
                let words = request.storage[RefusedForm.DocumentFormWords.self] ?? []
                request.refusedForm = RefusedForm(
                    fields: [(RefusedForm.scopeField, scope)] + words, errors: invalid.errors)
            } else {
                request.refusedForm = RefusedForm(body: request.body.string, errors: invalid.errors)
            }
            do {
                let response = try await page.show(request)
                response.status = .unprocessableEntity
                return response
            } catch {
                // The page could not be shown (the record has gone, say): the problems alone.
                request.refusedForm = nil
                request.logger.warning(
                    "a refused form's page failed", metadata: ["type": .string(String(reflecting: type(of: error)))])
            }
        }
        let (status, title, fields, reference) = classify(error, request: request)
        if status == .unauthorized && !request.isAPI {
            // Back to this page after signing in, if it is one of Haven's own pages.
            let next = request.method == .GET ? LocalPath(request.url.path, routes: request.application.routes) : nil
            // A session cookie that no longer works: the person is told they were signed out.
            let query = [next.map { "next=\($0.queryValue)" }, request.sessionCookie == nil ? nil : "ended=1"]
                .compactMap { $0 }
            return request.redirect(to: query.isEmpty ? "/sign-in" : "/sign-in?" + query.joined(separator: "&"))
        }
        if case AccessError.secondFactorRequired = error, !request.isAPI {
            return request.redirect(to: "/sign-in/second-factor")
        }
        let response: Response
        if request.isAPI {
            response = try await Problem(
                status: Int(status.code), title: request.text(title),
                errors: fields?.map { ProblemField(field: $0.field, message: request.text($0.message)) },
                reference: reference
            ).encodeResponse(for: request)
            response.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json")
        } else {
            response = try await request.view.render(
                "error",
                Page(
                    chrome: request.chrome,
                    page: ErrorPage(
                        title: title, errors: fields ?? [], reference: reference))
            ).encodeResponse(for: request)
        }
        response.status = status
        if let seconds = Self.retryAfter(error, now: request.haven.clock.now()) {
            response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
        }
        return response
    }

    /// How many seconds a client that met a limit should wait before trying again.
    static func retryAfter(_ error: any Error, now: Date) -> Int? {
        switch error {
        case SignInError.throttled(let until): return max(1, Int(ceil(until.timeIntervalSince(now))))
        // Counts over ten minutes fall a slice (a minute) at a time.
        case is LimitReached: return 60
        default: return nil
        }
    }

    func classify(_ error: any Error, request: Request) -> (HTTPStatus, Words, [FieldError]?, String?) {
        switch error {
        case let invalid as InvalidInput:
            return (.unprocessableEntity, Words("error.invalidInput"), invalid.errors, nil)
        case AccessError.notSignedIn:
            return (.unauthorized, Words("error.notSignedIn"), nil, nil)
        case AccessError.secondFactorRequired:
            return (
                .forbidden, Words("error.secondFactorRequired"),
                [FieldError(field: "secondFactor", message: Words("web.secondFactor.secondFactorRequired"))], nil
            )
        case AccessError.forbidden:
            return (
                .forbidden,
                Words("error.forbidden"), nil,
                nil
            )
        case AccessError.notFound:
            return (.notFound, Words("error.notFound"), nil, nil)
        case SignInError.wrongCredentials:
            return (.unauthorized, Words("error.wrongCredentials"), nil, nil)
        case SignInError.throttled(let until):
            return (.tooManyRequests, Self.throttled(until: until, now: request.haven.clock.now()), nil, nil)
        case LimitReached.recording:
            return (
                .tooManyRequests,
                Words("error.recordingLimit"),
                nil, nil
            )
        case LimitReached.refusals:
            return (.tooManyRequests, Words("error.refusalLimit"), nil, nil)
        case SignInError.wrongCode:
            return (
                .unauthorized, Words("error.wrongCode"),
                [FieldError(field: "code", message: Words("web.code.thatCodeDidntWorkTry"))],
                nil
            )
        case SignInError.noSecondFactorEnrolled:
            return (.forbidden, Words("error.noSecondFactor"), nil, nil)
        case WebError.csrfRejected:
            return (.forbidden, Words("error.formExpired"), nil, nil)
        case WebError.jsonRequired:
            return (.unsupportedMediaType, Words("error.jsonRequired"), nil, nil)
        case WebError.filesRefused:
            return (.unsupportedMediaType, Words("error.filesRefused"), nil, nil)
        case WebError.formNotRead:
            return (.unsupportedMediaType, Words("error.formNotRead"), nil, nil)
        case WebError.badRequest(let field, let message):
            return (.badRequest, Words("error.unreadable"), [FieldError(field: field, message: message)], nil)
        case let decoding as DecodingError:
            return (.badRequest, Words("error.unreadable"), [Self.field(of: decoding)], nil)
        case let abort as any AbortError where abort.status.code < 500:
            let title =
                abort.status == .notFound
                ? Words("error.notFound") : Words("error.status", ["status": .number(Int(abort.status.code))])
            return (abort.status, title, nil, nil)
        default:
            let reference = String(UUID().uuidString.prefix(8))
            // Log the type only: an error's description could quote case content.
            var metadata: Logger.Metadata = [
                "reference": .string(reference), "type": .string(String(reflecting: type(of: error))),
            ]
            // Template errors describe templates, never case content, so their detail is safe to log.
            if String(reflecting: type(of: error)).hasPrefix("LeafKit.") {
                metadata["detail"] = .string(String(describing: error))
            }
            request.logger.error("unhandled error", metadata: metadata)
            return (
                .internalServerError,
                Words("error.internal", ["reference": .text(reference)]),
                nil, reference
            )
        }
    }

    /// R1.6: how long to wait, in words.
    static func throttled(until: Date, now: Date) -> Words {
        let seconds = max(1, Int(ceil(until.timeIntervalSince(now))))
        return seconds < 60
            ? Words("error.throttledSeconds", ["count": .number(seconds)])
            : Words("error.throttledMinutes", ["count": .number((seconds + 59) / 60)])
    }

    /// N2: names the field a body could not be decoded at.
    static func field(of error: DecodingError) -> FieldError {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return FieldError(field: path(context.codingPath + [key]), message: Words("error.field.required"))
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return FieldError(field: path(context.codingPath), message: Words("error.field.wrongType"))
        case .dataCorrupted(let context):
            return FieldError(
                field: context.codingPath.isEmpty ? "body" : path(context.codingPath),
                message: Words("error.field.unreadable"))
        @unknown default:
            return FieldError(field: "body", message: Words("web.body.theRequestCouldNotBe"))
        }
    }
}

struct ErrorPage: Encodable {
    let title: Words
    let errors: [FieldError]
    let reference: String?
}
