/// How well the audio model supports one class's labels.
public struct ClassQuality: Sendable, Equatable, Codable {
    /// The class.
    public var name: String
    /// Tracks given the class.
    public var tracks: Int
    /// The mean out-of-fold probability of the given class over those tracks (cleanlab's
    /// self-confidence): how confidently the audio supports the label.
    public var selfConfidence: Double
    /// Of those tracks, how many confident learning flags as probably mislabeled.
    public var flagged: Int
    /// The class's F1 in the out-of-fold report.
    public var f1: Double

    /// `flagged / tracks`.
    public var flaggedShare: Double { tracks == 0 ? 0 : Double(flagged) / Double(tracks) }
}

/// Two classes the model confuses, both directions.
public struct ClassOverlap: Sendable, Equatable, Codable {
    public var first: String
    public var second: String
    /// Tracks given `first` and predicted as `second`.
    public var firstAsSecond: Int
    /// Tracks given `second` and predicted as `first`.
    public var secondAsFirst: Int
    /// Both confusions as a share of both classes' tracks.
    public var share: Double
}

/// A track whose given label the audio model disputes: an entry of the review queue.
public struct LabelIssue: Sendable, Equatable, Codable {
    /// The track's position in the analysed data.
    public var track: Int
    public var given: String
    public var predicted: String
    public var givenProbability: Double
    public var predictedProbability: Double

    /// How far the given label's probability is below the predicted one's: the queue's order.
    public var margin: Double { predictedProbability - givenProbability }
}

/// What out-of-fold probabilities say about a label version: the report, per-class quality worst
/// first, overlapping class pairs, and the label issues as a ranked review queue.
///
/// ```swift
/// let analysis = RunAnalysis(OutOfFoldProbabilities(given: given, probabilities: p, classes: 5), names: classes)
/// analysis.quality.first?.name        // the class the audio supports least
/// analysis.issues.prefix(20)          // the review queue
/// ```
public struct RunAnalysis: Sendable, Codable {
    /// The class names, in probability order.
    public var classes: [String]
    /// The out-of-fold classification report (every class, zero_division 0).
    public var report: ClassificationReport
    /// The out-of-fold confusion matrix over every class.
    public var confusion: ConfusionMatrix
    /// Per-class label quality, lowest self-confidence first.
    public var quality: [ClassQuality]
    /// Class pairs with any confusion, most overlapping first.
    public var overlaps: [ClassOverlap]
    /// Tracks flagged by confident learning, largest margin first.
    public var issues: [LabelIssue]

    /// Analyses `data`, naming class `i` `names[i]`.
    public init(_ data: OutOfFoldProbabilities, names: [String]) {
        classes = names
        let labels = Array(0..<data.classes)
        let predicted = data.given.indices.map(data.predicted)
        report = ClassificationReport(truth: data.given, predicted: predicted, names: names, labels: labels)
        confusion = ConfusionMatrix(truth: data.given, predicted: predicted, labels: labels)
        let flaggedTracks = ConfidentLearning.labelIssues(data)

        var tracks = [Int](repeating: 0, count: data.classes), confidence = [Double](repeating: 0, count: data.classes)
        var flagged = [Int](repeating: 0, count: data.classes)
        for (track, label) in data.given.enumerated() {
            tracks[label] += 1
            confidence[label] += data.probability(track, label)
            if flaggedTracks.contains(track) { flagged[label] += 1 }
        }
        let report = self.report
        quality = labels.filter { tracks[$0] > 0 }.map { label in
            ClassQuality(
                name: names[label], tracks: tracks[label], selfConfidence: confidence[label] / Double(tracks[label]),
                flagged: flagged[label], f1: report.classes[label].f1)
        }.sorted { ($0.selfConfidence, $0.name) < ($1.selfConfidence, $1.name) }

        var overlaps: [ClassOverlap] = []
        let counts = confusion.counts
        for a in labels {
            for b in labels where b > a && counts[a][b] + counts[b][a] > 0 {
                overlaps.append(
                    ClassOverlap(
                        first: names[a], second: names[b], firstAsSecond: counts[a][b], secondAsFirst: counts[b][a],
                        share: Double(counts[a][b] + counts[b][a]) / Double(max(1, tracks[a] + tracks[b]))))
            }
        }
        self.overlaps = overlaps.sorted { ($0.share, $1.first) > ($1.share, $0.first) }

        issues = flaggedTracks.map { track in
            let best = data.predicted(track), given = data.given[track]
            return LabelIssue(
                track: track, given: names[given], predicted: names[best],
                givenProbability: data.probability(track, given), predictedProbability: data.probability(track, best))
        }.sorted { ($0.margin, $1.track) > ($1.margin, $0.track) }
    }

    /// Of the tracks given `name`, the share predicted as each other class, largest first.
    public func confusions(of name: String) -> [(className: String, share: Double)] {
        guard let row = classes.firstIndex(of: name) else { return [] }
        let total = Double(max(1, confusion.counts[row].reduce(0, +)))
        return classes.indices.filter { $0 != row && confusion.counts[row][$0] > 0 }
            .map { (classes[$0], Double(confusion.counts[row][$0]) / total) }
            .sorted { $0.1 > $1.1 }
    }
}
