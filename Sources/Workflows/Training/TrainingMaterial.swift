import AudioFeatures
import Learning
import Store

/// Labeled tracks with features, as training data, and those without (with why).
struct TrainingMaterial: Sendable {
    var tracks: [Int64]
    var data: LabeledData
    var skipped: [(Int64, String)]

    /// The training data in `rows` for `set`: one vector per track, of the width most tracks have.
    ///
    /// A track without features is skipped with its recorded failure; one of another width is
    /// skipped, unless such tracks are most of them (then nothing is trained); a non-finite value
    /// refuses the whole training, naming the tracks.
    init(_ rows: [TrainingRow], set: LabelSet, spec: ExtractorSpec) throws {
        let index = Dictionary(uniqueKeysWithValues: set.classes.enumerated().map { ($1, $0) })
        // The width most tracks have is the extractor's: one stray row must not decide it.
        var widths: [Int: Int] = [:]
        for row in rows {
            if let matrix = row.features, matrix.rows == 1 { widths[matrix.columns, default: 0] += 1 }
        }
        let columns = widths.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key ?? 0
        var tracks: [Int64] = [], labels: [[Int]] = [], features: [Float] = []
        var skipped: [(Int64, String)] = [], misshapen: [String] = [], nonFinite: [String] = []
        for row in rows {
            guard let matrix = row.features, matrix.rows == 1 else {
                skipped.append((row.trackID, row.failure ?? "no \(spec.name) features; run `tagmine features`"))
                continue
            }
            guard matrix.columns == columns else {
                skipped.append((row.trackID, "\(matrix.columns) feature values where the others have \(columns)"))
                misshapen.append(row.catalogueID)
                continue
            }
            guard matrix.values.allSatisfy(\.isFinite) else {
                nonFinite.append(row.catalogueID)
                continue
            }
            tracks.append(row.trackID)
            labels.append(row.classes.compactMap { index[$0] }.sorted())
            features += matrix.values
        }
        if !nonFinite.isEmpty {
            throw StoreError(
                .invalidRequest,
                "\(nonFinite.count) tracks have non-finite \(spec.name) features (NaN or infinity): "
                    + Self.sample(nonFinite)
                    + "; touch their audio files and run `tagmine features` to extract them again")
        }
        if !misshapen.isEmpty && misshapen.count >= tracks.count {
            throw StoreError(
                .invalidRequest,
                "\(misshapen.count) of \(misshapen.count + tracks.count) tracks have \(spec.name) features of "
                    + "another width than the rest (\(Self.sample(misshapen))); no run was stored. "
                    + "Touch their audio files and run `tagmine features` to extract them again")
        }
        self.tracks = tracks
        self.skipped = skipped
        data = LabeledData(
            features: features, rows: tracks.count, columns: columns, classes: set.classes, labels: labels,
            multiLabel: labels.contains { $0.count > 1 })
    }

    /// The first few of `ids`, quoted, for an error message.
    private static func sample(_ ids: [String]) -> String {
        ids.prefix(5).map { "'\($0)'" }.joined(separator: ", ") + (ids.count > 5 ? ", …" : "")
    }
}
