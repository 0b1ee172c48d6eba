import Evaluation
import Testing

@Suite struct SecondOpinionTests {
    let labels = ["rock", "pop", "jazz", "female vocalists", "happy"]

    private func probabilities(_ values: [String: Float]) -> [Float] {
        labels.map { values[$0] ?? 0.01 }
    }

    @Test func contradictionsAreTagsOfOtherClassesThatLeadByTheMargin() {
        let opinion = SecondOpinion(
            model: "musicnn-msd", labels: labels, classes: ["ballad", "jazz", "pops", "rock"],
            tracks: [
                // The example: ballad has no tag, the tagger hears rock.
                .init(track: "T1", given: "ballad", probabilities: probabilities(["rock": 0.81])),
                // Agrees: the strongest class tag is the given one.
                .init(track: "T2", given: "rock", probabilities: probabilities(["rock": 0.9, "pop": 0.6])),
                // pop leads rock by less than the margin.
                .init(track: "T3", given: "rock", probabilities: probabilities(["rock": 0.5, "pop": 0.7])),
                // Below the threshold.
                .init(track: "T4", given: "jazz", probabilities: probabilities(["rock": 0.45])),
                // "pops" is the tag "pop"; jazz contradicts it.
                .init(track: "T5", given: "pops", probabilities: probabilities(["pop": 0.1, "jazz": 0.95])),
                // A tracks with the wrong number of probabilities is ignored.
                .init(track: "T6", given: "rock", probabilities: [0.9]),
            ])
        #expect(opinion.tags == ["jazz": "jazz", "pops": "pop", "rock": "rock"])
        #expect(opinion.tracks == 6)
        #expect(opinion.disagreements.map(\.track) == ["T5", "T1"])
        let ballad = opinion.disagreements[1]
        #expect(ballad.givenProbability == nil && ballad.tagger.className == "rock")
        #expect(ballad.sentence(model: opinion.model) == "T1: text says ballad, musicnn-msd says rock 0.81")
        #expect(
            opinion.disagreements[0].sentence(model: opinion.model)
                == "T5: text says pops, musicnn-msd says jazz 0.95 (pops 0.10)")
        #expect(opinion.opinions["T2"]?.tag == "rock" && opinion.opinions["T6"] == nil)
    }

    @Test func classesWithoutAnyTagGiveNoOpinion() {
        let opinion = SecondOpinion(
            model: "musicnn-mtt", labels: labels, classes: ["ballad", "fusion"],
            tracks: [.init(track: "T1", given: "ballad", probabilities: probabilities(["rock": 0.99]))])
        #expect(opinion.tags.isEmpty && opinion.disagreements.isEmpty && opinion.opinions.isEmpty)
    }
}
