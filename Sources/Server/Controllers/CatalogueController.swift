import Catalog
import Foundation
import Hummingbird
import Logging
import Store

/// `/api/overview` and `/api/tracks…`: the catalogue, its tracks and their audio.
struct CatalogueController: Sendable {
    let store: Store

    func addRoutes(to api: RouterGroup<TagmineRequestContext>) {
        api.get("overview", use: overview)
        api.get("tracks", use: tracks)
        api.get("tracks/:id", use: track)
        api.get("tracks/:id/audio", use: audio)
    }

    struct Overview: Encodable, Sendable {
        var tracks: Int
        var topTags: [TagCount]
        var labelSets: [LabelSet]
        var runs: Int
    }

    @Sendable func overview(_ request: Request, context: TagmineRequestContext) async throws -> JSON<Overview> {
        JSON(
            Overview(
                tracks: try await store.trackCount(), topTags: try await store.topTags(limit: 40),
                labelSets: try await store.labelSets(), runs: try await store.runs().count))
    }

    @Sendable func tracks(_ request: Request, context: TagmineRequestContext) async throws -> JSON<[TrackSummary]> {
        let query = FormQuery(request)
        let limit = min(500, max(1, query.integer("limit") ?? 50))
        let offset = max(0, query.integer("offset") ?? 0)
        let roots = try await store.audioRoots()
        return JSON(
            try await store.tracks(matching: query["q"], limit: limit, offset: offset).map {
                Self.forClients($0, roots: roots)
            })
    }

    struct TrackDetail: Encodable, Sendable {
        var track: TrackSummary
        var labels: [VersionLabels]
        var failures: [FeatureFailure]
    }

    @Sendable func track(_ request: Request, context: TagmineRequestContext) async throws -> JSON<TrackDetail> {
        let id = try context.parameters.decoded("id")
        let roots = try await store.audioRoots()
        return JSON(
            TrackDetail(
                track: Self.forClients(try await store.track(id), roots: roots),
                labels: try await store.labelsInEveryVersion(of: id),
                failures: try await store.featureFailures(for: nil, track: id).map {
                    var failure = $0
                    if let path = $0.path {
                        failure.path = roots.relativePath(of: path)
                        failure.message = $0.message.replacingOccurrences(
                            of: path, with: failure.path ?? "(a file outside every audio root)")
                    }
                    return failure
                }))
    }

    @Sendable func audio(_ request: Request, context: TagmineRequestContext) async throws -> Response {
        let id = try context.parameters.decoded("id")
        let track = try await store.track(id)
        let roots = try await store.audioRoots()
        let unavailable = APIError(.notFound, "track '\(id)' has no audio the server may send")
        guard let path = track.audioPath else { throw unavailable }
        let file: AudioFile
        do {
            file = try await offloaded { try AudioFile.check(path, roots: roots) }
        } catch let refusal as AudioFile.Refusal {
            context.logger.notice("refused the audio of track '\(id)': \(refusal)")
            throw unavailable
        }
        return try await file.response(range: request.headers[.range], context: context)
    }

    /// `track` as clients see it: its audio path relative to its audio root, never the server's
    /// absolute path (and none at all outside every root).
    static func forClients(_ track: TrackSummary, roots: AudioRoots) -> TrackSummary {
        var track = track
        track.audioPath = track.audioPath.flatMap(roots.relativePath(of:))
        return track
    }
}
