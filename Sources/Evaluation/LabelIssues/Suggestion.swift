import Foundation
public import Records

/// A next step for a label version: the operations that take it, the same as a ready command, and
/// the figures behind it.
public struct Suggestion: Sendable, Equatable, Codable {
    /// What the step does.
    public enum Kind: String, Sendable, Codable {
        /// Drop a class the audio cannot support.
        case drop
        /// Merge two classes the audio cannot tell apart.
        case merge
        /// Correct single tracks the model confidently places in another class.
        case fix
    }

    public var kind: Kind
    /// The class(es) concerned.
    public var classes: [String]
    /// The relabel operations that take the step, applied together as one new version.
    public var operations: [RelabelOperation]
    /// The same as a command (`tagmine relabel V --drop pops`).
    public var command: String
    /// The figures that justify it.
    public var reason: String
}

extension Suggestion {
    /// A suggestion whose command is its operations as `tagmine relabel VERSION` options, with `--note`
    /// when given.
    init(
        kind: Kind, classes: [String], operations: [RelabelOperation], version: String, note: String? = nil,
        reason: String
    ) {
        self.kind = kind
        self.classes = classes
        self.operations = operations
        self.reason = reason
        command =
            (["tagmine relabel \(RunAnalysis.quoted(version))"] + operations.map(\.commandArguments)
            + (note.map { ["--note \(RunAnalysis.quoted($0))"] } ?? [])).joined(separator: " ")
    }
}

extension RunAnalysis {
    /// Thresholds for ``suggestions(version:trackIDs:)``.
    public struct SuggestionRules: Sendable {
        /// A class is a drop candidate below this F1 …
        public var dropBelowF1 = 0.6
        /// … and this far below the macro F1 …
        public var dropMarginBelowMacroF1 = 0.15
        /// … when at least two other classes each take this share of its tracks.
        public var spreadShare = 0.1
        /// Two classes are a merge candidate when their mutual confusion reaches this share.
        public var mergeShare = 0.25
        /// A single track is worth fixing when the model gives another class at least this probability.
        public var fixProbability = 0.8
        /// At most this many single-track fixes.
        public var maxFixes = 10

        public init() {}
    }

    /// Concrete next steps for label version `version` (a name or id, as the user would type it):
    /// drop the worst-supported class when its tracks scatter over other classes, merge pairs the
    /// model cannot separate, and fix tracks the model confidently places elsewhere.
    /// `trackIDs[i]` names analysed track i in the catalogue.
    public func suggestions(version: String, trackIDs: [String], rules: SuggestionRules = SuggestionRules())
        -> [Suggestion]
    {
        var suggestions: [Suggestion] = []
        let macroF1 = report.macro.f1
        let reportByName = Dictionary(uniqueKeysWithValues: report.classes.map { ($0.name, $0) })
        var dropped = Set<String>()
        for quality in quality.sorted(by: { $0.f1 < $1.f1 }) {
            guard quality.f1 < rules.dropBelowF1, quality.f1 < macroF1 - rules.dropMarginBelowMacroF1,
                let row = reportByName[quality.name]
            else { continue }
            let spread = confusions(of: quality.name).filter { $0.share >= rules.spreadShare }
            guard spread.count >= 2 else { continue }
            dropped.insert(quality.name)
            let scatter = spread.map { "\(Self.percent($0.share)) as \($0.className)" }.joined(separator: ", ")
            suggestions.append(
                Suggestion(
                    kind: .drop, classes: [quality.name], operations: [.drop(quality.name)], version: version,
                    reason:
                        "'\(quality.name)' has F1 \(Self.figure(quality.f1)) (precision \(Self.figure(row.precision)), "
                        + "recall \(Self.figure(row.recall))) against a macro F1 of \(Self.figure(macroF1)); its tracks are "
                        + "predicted \(scatter); the audio supports its labels with a mean confidence of "
                        + "\(Self.figure(quality.selfConfidence)) and \(Self.percent(quality.flaggedShare)) of them look mislabeled"
                ))
        }
        let tracks = Dictionary(uniqueKeysWithValues: quality.map { ($0.name, $0.tracks) })
        for overlap in overlaps where overlap.share >= rules.mergeShare {
            guard !dropped.contains(overlap.first), !dropped.contains(overlap.second) else { continue }
            let firstShare = Double(overlap.firstAsSecond) / Double(max(1, tracks[overlap.first] ?? 0))
            let secondShare = Double(overlap.secondAsFirst) / Double(max(1, tracks[overlap.second] ?? 0))
            guard firstShare >= rules.spreadShare, secondShare >= rules.spreadShare else { continue }
            let keep = (tracks[overlap.first] ?? 0) >= (tracks[overlap.second] ?? 0) ? overlap.first : overlap.second
            suggestions.append(
                Suggestion(
                    kind: .merge, classes: [overlap.first, overlap.second],
                    operations: [.merge([overlap.first, overlap.second], into: keep)], version: version,
                    reason:
                        "\(Self.percent(firstShare)) of '\(overlap.first)' tracks are predicted as '\(overlap.second)' "
                        + "and \(Self.percent(secondShare)) of '\(overlap.second)' tracks as '\(overlap.first)'"))
        }
        let fixes = issues.filter { $0.predictedProbability >= rules.fixProbability && !dropped.contains($0.given) }
            .prefix(rules.maxFixes)
        if !fixes.isEmpty {
            let note = "confident out-of-fold predictions"
            let example = fixes[fixes.startIndex]
            suggestions.append(
                Suggestion(
                    kind: .fix, classes: Array(Set(fixes.map(\.predicted))).sorted(),
                    operations: fixes.map { .set(track: trackIDs[$0.track], classes: [$0.predicted], note: note) },
                    version: version, note: note,
                    reason: "\(fixes.count) of \(issues.count) flagged tracks get another class with probability ≥ "
                        + "\(Self.figure(rules.fixProbability)), e.g. \(trackIDs[example.track]): given '\(example.given)' "
                        + "(\(Self.figure(example.givenProbability))), predicted '\(example.predicted)' "
                        + "(\(Self.figure(example.predictedProbability))); listen before you apply it"))
        }
        return suggestions
    }

    private static func figure(_ value: Double) -> String { String(format: "%.2f", value) }

    private static func percent(_ share: Double) -> String { String(format: "%.0f %%", 100 * share) }

    /// `text` as one shell word: unchanged when safe, else in single quotes.
    static func quoted(_ text: String) -> String {
        let safe = text.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || "-_.,=/:@+".unicodeScalars.contains($0)
        }
        return safe && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
