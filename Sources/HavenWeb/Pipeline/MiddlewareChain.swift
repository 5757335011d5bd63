import Vapor

/// Runs several middlewares as one step of Vapor's chain. Vapor bridges each async middleware
/// through a new task and a future; chained here, they call one another directly, so a request
/// passes Haven's six middlewares with two such bridges instead of six. Order and behaviour are
/// unchanged: each still sees the request first in the order given and the response last.
struct MiddlewareChain: AsyncMiddleware {
    let steps: [any AsyncMiddleware]

    init(_ steps: any AsyncMiddleware...) { self.steps = steps }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await Self.run(steps[...], request, next)
    }

    fileprivate static func run(_ steps: ArraySlice<any AsyncMiddleware>, _ request: Request, _ next: any AsyncResponder) async throws -> Response {
        guard let step = steps.first else { return try await next.respond(to: request) }
        return try await step.respond(to: request, chainingTo: Rest(steps: steps.dropFirst(), next: next))
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
