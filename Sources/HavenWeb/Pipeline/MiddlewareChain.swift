import Vapor

/// Runs several middlewares as one step of Vapor's chain. Vapor bridges each async middleware
/// through a new task and a future; chained here, they call one another directly, so a request
/// passes Haven's six middlewares with two such bridges instead of six, and when the chain ends
/// at an async route handler it calls that directly too. Order and behaviour are unchanged:
/// each step still sees the request first in the order given and the response last.
struct MiddlewareChain: AsyncMiddleware {
    let steps: [any AsyncMiddleware]

    init(_ steps: any AsyncMiddleware...) { self.steps = steps }

    /// Vapor's entry point: one task for the whole chain and what follows it if that is async.
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let promise = request.eventLoop.makePromise(of: Response.self)
        promise.completeWithTask {
            try await Self.run(steps[...], request, (next as? any AsyncResponder) ?? FutureResponder(next: next))
        }
        return promise.futureResult
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await Self.run(steps[...], request, next)
    }

    fileprivate static func run(
        _ steps: ArraySlice<any AsyncMiddleware>, _ request: Request, _ next: any AsyncResponder
    ) async throws -> Response {
        guard let step = steps.first else { return try await next.respond(to: request) }
        return try await step.respond(to: request, chainingTo: Rest(steps: steps.dropFirst(), next: next))
    }

    /// A responder that only answers with a future (Vapor's router), awaited.
    private struct FutureResponder: AsyncResponder {
        let next: any Responder

        func respond(to request: Request) async throws -> Response {
            try await next.respond(to: request).get()
        }
    }

    /// What a step calls as `next`: the steps after it, then the responder after the chain.
    private struct Rest: AsyncResponder {
        let steps: ArraySlice<any AsyncMiddleware>
        let next: any AsyncResponder

        func respond(to request: Request) async throws -> Response {
            try await MiddlewareChain.run(steps, request, next)
        }
    }
}
