import AudioFeatures
public import Evaluation
import Foundation
import GRDB
import Pretrained

extension Store {
    /// A pretrained tagger's opinion on `evaluation`'s tracks, read from the feature cache: the
    /// first 50 values of a `musicnn-msd` (else `musicnn-mtt`) embedding are its tag
    /// probabilities. `nil` when neither has features for any of the tracks.
    public func secondOpinion(of evaluation: RunEvaluation) async throws -> SecondOpinion? {
        let classes = evaluation.analysis.classes
        let given = Dictionary(
            uniqueKeysWithValues: evaluation.predictions.compactMap { prediction in
                prediction.given.first.map { (prediction.trackID, (prediction.catalogueID, classes[$0])) }
            })
        let tags = MusicnnTrackOutput.EmbeddingLayout.tags
        for model in MusicnnModel.allCases {
            let heard = try await writer.read { db in
                // Any parameters of the extractor (--max-seconds, --clip): the most recent row per track.
                // Only the tags' bytes are read, not the whole 7 KB embedding.
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT f.track_id, substr(f.data, ?, ?) AS tags FROM feature f
                        JOIN extractor e ON e.id = f.extractor_id
                        WHERE e.name = ? AND f.rows = 1 ORDER BY f.extracted_at
                        """, arguments: [4 * tags + 1, 4 * model.labels.count, model.rawValue]
                ).reduce(into: [Int64: [Float]]()) { heard, row in
                    let track: Int64 = row["track_id"]
                    guard given[track] != nil else { return }
                    let values = FeatureBlob.floats(littleEndian: row["tags"])
                    if values.count == model.labels.count { heard[track] = values }
                }
            }
            guard !heard.isEmpty else { continue }
            let tracks = heard.sorted { $0.key < $1.key }.map { track, probabilities in
                let (catalogueID, className) = given[track]!
                return SecondOpinion.Heard(track: catalogueID, given: className, probabilities: probabilities)
            }
            return SecondOpinion(model: model.rawValue, labels: model.labels, classes: classes, tracks: tracks)
        }
        return nil
    }
}
