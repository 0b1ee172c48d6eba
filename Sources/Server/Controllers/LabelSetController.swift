import Foundation
import Hummingbird
import Store
import Workflows

/// `/api/label-sets…` and `/api/annotations`: label versions, and the changes that make new ones.
struct LabelSetController: Sendable {
    let store: Store

    func addRoutes(to api: RouterGroup<TagmineRequestContext>) {
        api.get("label-sets", use: list)
        api.get("label-sets/:id", use: detail)
        api.get("label-sets/:id/diff/:other", use: diff)
        api.post("label-sets/:id/relabel", use: relabel)
        api.post("annotations", use: annotate)
    }

    @Sendable func list(_ request: Request, context: TagmineRequestContext) async throws -> JSON<[LabelSet]> {
        JSON(try await store.labelSets())
    }

    struct Detail: Encodable, Sendable {
        var labelSet: LabelSet
        var lineage: [LabelSet]
        var latest: Int64?
        /// The per-track scores of a thresholded (emotion) set, for its histogram.
        var scores: [Double]
    }

    @Sendable func detail(_ request: Request, context: TagmineRequestContext) async throws -> JSON<Detail> {
        let set = try await store.labelSet(named: try context.parameters.decoded("id"))
        return JSON(
            Detail(
                labelSet: set, lineage: try await store.lineage(of: set),
                latest: try await store.newestDescendant(of: set), scores: try await store.scores(of: set)))
    }

    @Sendable func diff(_ request: Request, context: TagmineRequestContext) async throws -> JSON<LabelDiff> {
        let first = try await store.labelSet(named: try context.parameters.decoded("id"))
        let second = try await store.labelSet(named: try context.parameters.decoded("other"))
        return JSON(try await store.diff(first, second, limit: 500))
    }

    @Sendable func relabel(_ request: Request, context: TagmineRequestContext) async throws -> JSON<LabelSet> {
        let id = try context.parameters.decoded("id")
        let body = try await request.decode(as: RelabelBody.self, context: context)
        let set = try await RelabelWorkflow(store: store).relabel(
            RelabelRequest(
                parent: try await store.labelSet(named: id), operations: body.operations, name: body.name,
                author: context.user?.name ?? "anonymous", note: body.note))
        return JSON(set, status: .created)
    }

    @Sendable func annotate(_ request: Request, context: TagmineRequestContext) async throws -> JSON<LabelSet> {
        let body = try await request.decode(as: AnnotationBody.self, context: context)
        guard !body.corrections.isEmpty else { throw APIError(.badRequest, "no corrections") }
        let operations: [RelabelOperation] = body.corrections.map {
            $0.classes.isEmpty
                ? .unset(track: $0.track, note: $0.note) : .set(track: $0.track, classes: $0.classes, note: $0.note)
        }
        let set = try await RelabelWorkflow(store: store).relabel(
            RelabelRequest(
                parent: try await store.labelSet(body.parent), operations: operations, name: body.name,
                author: context.user?.name ?? "anonymous", note: body.note, requireLatest: true))
        return JSON(set, status: .created)
    }
}
