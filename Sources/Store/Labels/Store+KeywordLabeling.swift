import Crypto
import Foundation
import GRDB
public import TextMining

extension Store {
    /// Applies a keyword map to every track's tags and writes the labels its policy gives, each
    /// with the keywords that fired as evidence.
    public func labelKeywords(
        map: KeywordMap, name: String? = nil, author: String, dryRun: Bool = false
    ) async throws -> KeywordLabeling {
        let index = try await writer.read { db in try TrackTagIndex(db) }
        let labeler = KeywordLabeler(map: map)
        var parts: [TagKeywords] = []
        parts.reserveCapacity(index.tagNames.count)
        for name in index.tagNames { parts.append(try labeler.matches(in: name)) }

        var labels: [NewLabelSet.Label] = []
        var counts = Array(repeating: 0, count: map.classes.count)
        var fired = Array(repeating: (tracks: 0, conflicts: 0), count: map.rules.count)
        var lastTrackOfRule = Array(repeating: -1, count: map.rules.count)
        var trackRules: [Int] = []
        var supported = ClassMask(classCount: map.classes.count)
        var excluded = supported
        var labeled = 0, ambiguous = 0
        for track in index.trackIDs.indices {
            supported.removeAll()
            excluded.removeAll()
            trackRules.removeAll(keepingCapacity: true)
            for tag in index.tags(ofTrack: track) where !parts[Int(tag)].rules.isEmpty {
                let part = parts[Int(tag)]
                supported.formUnion(part.supported)
                excluded.formUnion(part.excluded)
                for rule in part.rules where lastTrackOfRule[rule] != track {
                    lastTrackOfRule[rule] = track
                    trackRules.append(rule)
                }
            }
            guard !trackRules.isEmpty else { continue }
            // A rule conflicts on a track whose tags support more than one class.
            let conflict = supported.count > 1
            for rule in trackRules {
                fired[rule].tracks += 1
                if conflict { fired[rule].conflicts += 1 }
            }
            let resolution = labeler.resolve(supported: supported, excluded: excluded)
            if resolution.ambiguous { ambiguous += 1 }
            guard !resolution.classes.isEmpty else { continue }
            labeled += 1
            for className in resolution.classes {
                counts[className] += 1
                labels.append(NewLabelSet.Label(trackID: index.trackIDs[track], className: map.classes[className]))
            }
        }
        let configHash = Self.configHash(map)
        var outcome = KeywordLabeling(
            tracks: index.trackIDs.count, counts: Array(zip(map.classes, counts)), labeled: labeled,
            ambiguous: ambiguous,
            rules: zip(map.rules, fired).map {
                KeywordLabeling.RuleStatistics(rule: $0, tracks: $1.tracks, conflicts: $1.conflicts)
            }, configHash: configHash)
        if dryRun { return outcome }
        let encoder = JSONEncoder.sorted
        var tagEvidence: [NewLabelSet.TagEvidence] = []
        for (position, part) in parts.enumerated() where !part.hits.isEmpty {
            tagEvidence.append(
                NewLabelSet.TagEvidence(tagID: index.tagIDs[position], evidence: try encoder.string(part.hits)))
        }
        let operation = try encoder.string(KeywordOperation(map: map.name, task: map.task, policy: map.policy.rawValue))
        outcome.labelSet = try await write(
            NewLabelSet(
                task: map.task, classes: map.classes, name: name, operation: operation, configHash: configHash,
                author: author, labels: labels, tagEvidence: tagEvidence))
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
