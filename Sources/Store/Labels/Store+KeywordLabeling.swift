import Crypto
import Foundation
public import TextMining

extension Store {
    /// Applies a keyword map to every track's tags and writes the labels its policy gives, each
    /// with the keywords that fired as evidence.
    public func labelKeywords(
        map: KeywordMap, name: String? = nil, author: String, dryRun: Bool = false
    ) async throws -> KeywordLabeling {
        let tracks = try await taggedTracks()
        let labeler = KeywordLabeler(map: map)
        let encoder = JSONEncoder.sorted
        var labels: [NewLabelSet.Label] = []
        var counts: [String: Int] = [:]
        // Keyed by class and keyword: a negated keyword counts for its rule too.
        var fired: [String: (tracks: Int, conflicts: Int)] = [:]
        var labeled = 0, ambiguous = 0
        for track in tracks {
            let decision = try labeler.decide(tags: track.tags)
            let conflict = Set(decision.hits.filter { !$0.excludes }.map(\.className)).count > 1
            for rule in Set(decision.hits.map { "\($0.className)\t\($0.keyword)" }) {
                fired[rule, default: (0, 0)].tracks += 1
                if conflict { fired[rule, default: (0, 0)].conflicts += 1 }
            }
            if decision.ambiguous { ambiguous += 1 }
            guard !decision.classes.isEmpty else { continue }
            labeled += 1
            let evidence = String(decoding: try encoder.encode(decision.hits), as: UTF8.self)
            for className in decision.classes {
                counts[className, default: 0] += 1
                labels.append(NewLabelSet.Label(trackID: track.id, className: className, evidence: evidence))
            }
        }
        let configHash = Self.configHash(map)
        var outcome = KeywordLabeling(
            tracks: tracks.count, counts: map.classes.map { ($0, counts[$0] ?? 0) }, labeled: labeled,
            ambiguous: ambiguous,
            rules: map.rules.map { rule in
                let stats = fired["\(rule.className)\t\(rule.text)"]
                return KeywordLabeling.RuleStatistics(
                    rule: rule, tracks: stats?.tracks ?? 0, conflicts: stats?.conflicts ?? 0)
            }, configHash: configHash)
        if dryRun { return outcome }
        let operation = try encoder.encode(KeywordOperation(map: map.name, task: map.task, policy: map.policy.rawValue))
        outcome.labelSet = try await write(
            NewLabelSet(
                task: map.task, classes: map.classes, name: name, operation: String(decoding: operation, as: UTF8.self),
                configHash: configHash, author: author, labels: labels))
        return outcome
    }

    /// SHA-256 over everything in the map that decides labels.
    static func configHash(_ map: KeywordMap) -> String {
        var hasher = SHA256()
        hasher.update(data: Data("\(map.task)\n\(map.policy.rawValue)\n\(map.priority.joined(separator: "\t"))\n".utf8))
        for rule in map.rules {
            hasher.update(data: Data("\(rule.className)\t\(rule.text)\t\(rule.excludes)\n".utf8))
        }
        return hasher.finalize().hexString
    }
}

/// The operation recorded with a keyword label set.
private struct KeywordOperation: Encodable {
    let op = "label-keywords"
    var map: String
    var task: String
    var policy: String
}
