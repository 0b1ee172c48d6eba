import Crypto
import Foundation
import TextMining

extension Store {
    /// Scores every track's tags against a polarity lexicon and writes a `positive` / `negative`
    /// label set, with each track's score and evidence kept for re-cutting later.
    public func labelEmotion(_ request: EmotionRequest, dryRun: Bool = false) async throws -> EmotionLabeling {
        let tracks = try await taggedTracks()
        let scorer = PolarityScorer(lexicon: request.lexicon, options: request.options)
        let encoder = JSONEncoder.sorted
        var scored: [(id: Int64, score: Double)] = []
        var evidence: [Int64: String] = [:]
        var unscored = 0
        for track in tracks {
            let result = try scorer.score(tags: track.tags, description: track.description)
            guard let mean = result.mean ?? (request.unscoredAsZero ? 0 : nil) else {
                unscored += 1
                continue
            }
            scored.append((track.id, mean))
            evidence[track.id] = String(decoding: try encoder.encode(result.matches), as: UTF8.self)
        }
        let cut = try request.selection.cut(scored)
        let configHash = try Self.configHash(request)
        var outcome = EmotionLabeling(
            scores: scored.map(\.score), tracks: tracks.count, unscored: unscored, positive: cut.positive.count,
            negative: cut.negative.count, low: cut.low, high: cut.high, configHash: configHash)
        if dryRun { return outcome }

        let scoreByTrack = Dictionary(uniqueKeysWithValues: scored.map { ($0.id, $0.score) })
        func label(_ id: Int64, _ className: String) -> NewLabelSet.Label {
            let score = scoreByTrack[id] ?? 0
            return NewLabelSet.Label(
                trackID: id, className: className, evidence: "{\"matches\":\(evidence[id] ?? "[]"),\"score\":\(score)}")
        }
        let labels = (cut.positive.map { label($0, "positive") } + cut.negative.map { label($0, "negative") })
            .sorted { $0.trackID < $1.trackID }
        let operation = try JSONEncoder.sorted.encode(
            EmotionOperation(
                lexicon: request.lexicon.name, options: request.options, selection: request.selection,
                unscoredAsZero: request.unscoredAsZero))
        outcome.labelSet = try await write(
            NewLabelSet(
                task: "emotion", classes: ["positive", "negative"], name: request.name,
                operation: String(decoding: operation, as: UTF8.self), configHash: configHash, author: request.author,
                labels: labels,
                scores: scored.map { NewLabelSet.Score(trackID: $0.id, score: $0.score, evidence: evidence[$0.id]) }))
        return outcome
    }

    /// SHA-256 over the lexicon's entries and every option that decides the labels.
    static func configHash(_ request: EmotionRequest) throws -> String {
        var hasher = SHA256()
        for entry in request.lexicon.entries {
            hasher.update(data: Data("\(entry.key)\t\(entry.pos?.rawValue ?? "")\t\(entry.score)\n".utf8))
        }
        hasher.update(
            data: try JSONEncoder.sorted.encode(
                EmotionOperation(
                    lexicon: "", options: request.options, selection: request.selection,
                    unscoredAsZero: request.unscoredAsZero)))
        return hasher.finalize().hexString
    }
}

/// The operation recorded with an emotion label set.
private struct EmotionOperation: Encodable {
    let op = "label-emotion"
    var lexicon: String
    var options: PolarityOptions
    var selection: EmotionSelection
    var unscoredAsZero: Bool
}
