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
        let errors: [FieldError]?
        let reference: String?
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
                    body: .init(string: "Something went wrong on our side. Please go back and try again.\n"))
            }
        }
    }

    func response(for error: any Error, request: Request) async throws -> Response {
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
            response = try await Problem(status: Int(status.code), title: title, errors: fields, reference: reference)
                .encodeResponse(for: request)
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
        return response
    }

    func classify(_ error: any Error, request: Request) -> (HTTPStatus, String, [FieldError]?, String?) {
        switch error {
        case let invalid as InvalidInput:
            return (.unprocessableEntity, "Please check the form: some answers need changing.", invalid.errors, nil)
        case AccessError.notSignedIn:
            return (.unauthorized, "Please sign in.", nil, nil)
        case AccessError.secondFactorRequired:
            return (
                .forbidden, "This needs your second factor: enter the code from your authenticator app first.",
                [FieldError(field: "secondFactor", message: "Second factor required.")], nil
            )
        case AccessError.forbidden:
            return (
                .forbidden,
                "You don't have access to this. Safeguarding records are shared only with those who need to know.", nil,
                nil
            )
        case AccessError.notFound:
            return (.notFound, "That page or record was not found.", nil, nil)
        case SignInError.wrongCredentials:
            return (.unauthorized, "That email and password don't match our records.", nil, nil)
        case SignInError.throttled(let until):
            return (.tooManyRequests, Self.throttled(until: until, now: request.haven.clock.now()), nil, nil)
        case LimitReached.recording:
            return (
                .tooManyRequests,
                "You have recorded a great many concerns in the last few minutes, more than anyone does by hand, "
                    + "so Haven has paused recording from your account for a few minutes. If this is a real emergency, phone your DSL now.",
                nil, nil
            )
        case SignInError.wrongCode:
            return (
                .unauthorized, "That code didn't work.",
                [FieldError(field: "code", message: "That code didn't work. Try the newest one, or a recovery code.")],
                nil
            )
        case SignInError.noSecondFactorEnrolled:
            return (.forbidden, "You have not set up a second factor yet.", nil, nil)
        case WebError.csrfRejected:
            return (.forbidden, "This form has expired. Go back, reload the page and try again.", nil, nil)
        case WebError.jsonRequired:
            return (.unsupportedMediaType, "Send JSON with Content-Type: application/json.", nil, nil)
        case WebError.badRequest(let field, let message):
            return (.badRequest, "The request could not be read.", [FieldError(field: field, message: message)], nil)
        case let decoding as DecodingError:
            return (.badRequest, "The request could not be read.", [Self.field(of: decoding)], nil)
        case let abort as any AbortError where abort.status.code < 500:
            return (abort.status, abort.status.reasonPhrase, nil, nil)
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
                "Something went wrong on our side. Nothing you submitted was saved unless you saw a confirmation. Reference \(reference).",
                nil, reference
            )
        }
    }

    /// R1.6: how long to wait, in words.
    static func throttled(until: Date, now: Date) -> String {
        let seconds = max(1, Int(ceil(until.timeIntervalSince(now))))
        let wait =
            seconds < 60
            ? "\(seconds) second\(seconds == 1 ? "" : "s")" : "\((seconds + 59) / 60) minute\(seconds <= 60 ? "" : "s")"
        return "Too many attempts that didn't work. Wait \(wait), then try again."
    }

    /// N2: names the field a body could not be decoded at.
    static func field(of error: DecodingError) -> FieldError {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return FieldError(field: path(context.codingPath + [key]), message: "This field is required.")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return FieldError(field: path(context.codingPath), message: "This field has the wrong type of value.")
        case .dataCorrupted(let context):
            return FieldError(
                field: context.codingPath.isEmpty ? "body" : path(context.codingPath),
                message: "This value could not be read.")
        @unknown default:
            return FieldError(field: "body", message: "The request could not be read.")
        }
    }
}

struct ErrorPage: Encodable {
    let title: String
    let errors: [FieldError]
    let reference: String?
}
