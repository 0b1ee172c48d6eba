import Catalog
import Foundation
import GRDB
import Store
import TagmineTestSupport
import Testing
import TextMining
import Workflows

@Suite struct RelabelTests {
    let catalogue: ImportedCatalogue
    var store: Store { catalogue.store }

    init() async throws {
        catalogue = try await ImportedCatalogue(
            csv: """
                id,path,artist,tags,curated
                a,a.wav,A1,rock,rock
                b,b.wav,A1,pops,pops
                c,c.wav,A2,ballad,ballad
                d,d.wav,A2,classical,classical
                e,e.wav,A3,fusion,fusion
                f,f.wav,A3,pops,rock
                g,g.wav,A4,rock,
                """)
    }

    private func genre(_ name: String? = nil) async throws -> LabelSet {
        let map = try KeywordMap.named("genre-seed")
        return try #require(
            try await LabelingWorkflow(store: store).keywords(map: map, name: name, author: "rules").labelSet)
    }

    private func relabel(_ parent: LabelSet, _ operations: RelabelOperation..., name: String? = nil) async throws
        -> LabelSet
    {
        try await RelabelWorkflow(store: store).relabel(
            RelabelRequest(parent: parent, operations: operations, name: name, author: "kana"))
    }

    private func labels(_ set: LabelSet) async throws -> [String: String] {
        var result: [String: String] = [:]
        for track in ["a", "b", "c", "d", "e", "f", "g"] {
            let labels = try await store.labels(of: track, in: set).labels
            if !labels.isEmpty { result[track] = labels.map(\.className).joined(separator: "+") }
        }
        return result
    }

    @Test func dropUnlabelsTheClassTracksAndLeavesTheParentAsItWas() async throws {
        let parent = try await genre("genre-v1")
        let child = try await relabel(parent, .drop("pops"), name: "genre-v2-no-pops")
        #expect(child.parentID == parent.id)
        #expect(child.classes == ["rock", "fusion", "ballad", "classical"])
        #expect(try await labels(child) == ["a": "rock", "c": "ballad", "d": "classical", "e": "fusion", "g": "rock"])
        #expect(try await store.labels(of: "a", in: child).labels.map(\.origin) == [.inherited])
        #expect(try await store.labelSet(named: "genre-v1").counts == parent.counts)
        #expect(try await labels(parent)["b"] == "pops")
        // The child reads its parent's tag evidence rather than a copy.
        #expect(try await store.labels(of: "a", in: child).tagEvidence.map(\.tag) == ["rock"])
    }

    /// The track page's query: every version that labels the track, each as `labels(of:in:)`
    /// gives it, skipping versions that leave it unlabeled.
    @Test func aTracksLabelsInEveryVersionMatchOneVersionAtATime() async throws {
        let parent = try await genre("genre-v1")
        let child = try await relabel(parent, .drop("pops"), name: "genre-v2-no-pops")
        let pops = try await store.labelsInEveryVersion(of: "b")
        #expect(pops.map(\.labelSet) == [parent.id])
        #expect(pops.first?.labels == (try await store.labels(of: "b", in: parent)))
        let rock = try await store.labelsInEveryVersion(of: "a")
        #expect(rock.map(\.name) == ["genre-v1", "genre-v2-no-pops"] && rock.map(\.task) == ["genre", "genre"])
        #expect(rock.last?.labels == (try await store.labels(of: "a", in: child)))
        #expect(rock.last?.labels.tagEvidence.map(\.tag) == ["rock"])
    }

    @Test func mergeAndRenameChangeClassesInPlace() async throws {
        let parent = try await genre()
        let merged = try await relabel(parent, .merge(["rock", "fusion"], into: "band"), .rename("ballad", to: "slow"))
        #expect(merged.classes == ["band", "slow", "pops", "classical"])
        #expect(merged.counts == ["band": 3, "slow": 1, "pops": 2, "classical": 1])
        let intoExisting = try await relabel(parent, .merge(["pops"], into: "rock"))
        #expect(intoExisting.classes == ["rock", "fusion", "ballad", "classical"])
        #expect(intoExisting.counts["rock"] == 4)
    }

    @Test func invalidOperationsExplainAndWriteNothing() async throws {
        let parent = try await genre()
        let cases: [(RelabelOperation, String)] = [
            (.drop("jazz"), "no class 'jazz' in this set; its classes are rock, fusion, ballad, classical"),
            (.merge(["rock"], into: "rock"), "cannot merge 'rock' into itself"),
            (.merge(["rock", "rock"], into: "band"), "--merge names a class twice: rock,rock"),
            (
                .rename("rock", to: "ballad"),
                "cannot rename 'rock' to 'ballad': that class exists; use --merge rock,ballad=ballad"
            ),
            (.set(track: "zz", classes: ["rock"], note: nil), "no track 'zz'; `tagmine tracks` shows some"),
            (
                .set(track: "a", classes: ["jazz"], note: nil),
                "no class 'jazz' in this set; its classes are rock, fusion, ballad, classical"
            ),
            (
                .rethreshold(.top(1)),
                "--rethreshold needs an emotion set with the classes positive and negative; this one has rock, fusion, ballad, classical"
            ),
        ]
        // Each after a valid drop: an error anywhere writes nothing at all.
        for (operation, message) in cases {
            let error = await #expect(throws: StoreError.self) { try await relabel(parent, .drop("pops"), operation) }
            #expect(error?.message == message, "\(operation)")
        }
        let last = await #expect(throws: StoreError.self) {
            try await relabel(
                parent, .drop("rock"), .drop("fusion"), .drop("ballad"), .drop("pops"), .drop("classical"))
        }
        #expect(last?.message == "cannot drop 'classical': it is the last class of the set")
        #expect(try await store.labelSets().map(\.id) == [parent.id])
    }

    @Test func manualCorrectionsRecordAuthorNoteAndWhatWasThere() async throws {
        let parent = try await genre()
        let corrected = try await RelabelWorkflow(store: store).relabel(
            RelabelRequest(
                parent: parent,
                operations: [
                    .set(track: "f", classes: ["rock"], note: "distorted guitars"), .unset(track: "g", note: nil),
                ],
                author: "kana", note: "listening session"))
        #expect(try await labels(corrected)["f"] == "rock")
        #expect(try await labels(corrected)["g"] == nil)
        let label = try #require(try await store.labels(of: "f", in: corrected).labels.first)
        #expect(label.origin == .manual)
        #expect(label.evidence == .correction(author: "kana", note: "distorted guitars", previous: ["pops"]))
        // Stored as the correction's own fields, as stores made before typed evidence hold it.
        let stored = try await DatabaseQueue(path: store.path).read { db in
            try String.fetchOne(
                db, sql: "SELECT evidence FROM label WHERE label_set_id = ? AND origin = 'manual'",
                arguments: [corrected.id])
        }
        #expect(stored == #"{"author":"kana","note":"distorted guitars","previous":["pops"]}"#)
        // A later relabel keeps the correction as manual.
        let next = try await relabel(corrected, .drop("ballad"))
        #expect(try await store.labels(of: "f", in: next).labels.map(\.origin) == [.manual])
    }

    @Test func diffAndLineageFollowAThreeGenerationChain() async throws {
        let first = try await genre("v1")
        let second = try await relabel(first, .drop("pops"), name: "v2")
        let third = try await relabel(
            second, .merge(["rock", "fusion"], into: "band"), .set(track: "b", classes: ["ballad"], note: nil))
        #expect(try await store.lineage(of: third).map(\.id) == [first.id, second.id, third.id])
        let diff = try await store.diff(first, third)
        #expect(diff.changedTracks == 5)
        #expect(
            diff.tracks.map { "\($0.track):\($0.before.joined()):\($0.after.joined())" } == [
                "a:rock:band", "b:pops:ballad", "e:fusion:band", "f:pops:", "g:rock:band",
            ])
        #expect(
            diff.classes.map { "\($0.className) \($0.before)→\($0.after)" } == [
                "rock 2→0", "fusion 1→0", "ballad 1→2", "pops 2→0", "classical 1→1", "band 0→3",
            ])
        #expect(try await store.diff(first, third, limit: 2).tracks.count == 2)
        #expect(try await store.diff(second, second).changedTracks == 0)
    }

    @Test func twoWritersRelabelingOneParentBothGetTheirVersion() async throws {
        let parent = try await genre()
        let other = try Store.open(at: store.path)
        async let first = RelabelWorkflow(store: store).relabel(
            RelabelRequest(parent: parent, operations: [.drop("pops")], author: "kana"))
        async let second = RelabelWorkflow(store: other).relabel(
            RelabelRequest(parent: parent, operations: [.drop("rock")], author: "ren"))
        let (a, b) = try await (first, second)
        #expect(a.id != b.id)
        #expect(a.parentID == parent.id && b.parentID == parent.id)
        #expect(a.counts == ["rock": 2, "fusion": 1, "ballad": 1, "classical": 1])
        #expect(b.counts == ["fusion": 1, "ballad": 1, "pops": 2, "classical": 1])
    }

    @Test func importsLabelsFromAnAttributeOrAFileAndListsUnknownTracks() async throws {
        let curated = try await store.importLabels(
            task: "genre", from: .attribute("curated"), name: "truth", author: "qa")
        #expect(curated.labelSet.classes == ["ballad", "classical", "fusion", "pops", "rock"])
        #expect(curated.labelSet.counts == ["ballad": 1, "classical": 1, "fusion": 1, "pops": 1, "rock": 2])
        #expect(try await store.labels(of: "a", in: curated.labelSet).labels.map(\.origin) == [.imported])

        let missing = await #expect(throws: StoreError.self) {
            try await store.importLabels(task: "genre", from: .attribute("mood"), author: "qa")
        }
        #expect(missing?.message == "no track has a value for attribute 'mood'; attributes are: curated")

        let path = try catalogue.folder.write("team.csv", "track_id,label,note\na,rock,\nzz,pops,\na,pops,both\nc,,\n")
        let team = try await store.importLabels(task: "genre", from: .file(LabelFile(path: path)), author: "qa")
        #expect(
            team.failures.map { "\($0.line) \($0.track): \($0.message)" } == [
                "3 zz: no track 'zz'; `tagmine tracks` shows some"
            ])
        #expect(try await labels(team.labelSet) == ["a": "pops+rock"])
    }

    @Test func labelFilesNeedTheirColumnsAndNameTheLineOfAnEmptyTrack() throws {
        let noLabel = try catalogue.folder.write("a.csv", "track_id,genre\na,rock\n")
        let header = #expect(throws: CatalogError.self) { try LabelFile(path: noLabel) }
        #expect(header?.code == .missingColumn && header?.line == 1)
        let emptyTrack = try catalogue.folder.write("b.tsv", "id\tclass\na\trock\n\tpops\n")
        let empty = #expect(throws: CatalogError.self) { try LabelFile(path: emptyTrack) }
        #expect(empty?.code == .emptyID && empty?.line == 3)
        let ok = try LabelFile(path: try catalogue.folder.write("c.csv", "Track_ID,Label\na, rock \nb,\n"))
        #expect(ok.rows.map(\.label) == ["rock", nil])
    }

    @Test func rethresholdCutsStoredScoresAgainAndKeepsManualLabels() async throws {
        let emotion = try await ImportedCatalogue(
            csv: """
                id,path,tags
                a,a.wav,明るい
                b,b.wav,悲しい
                c,c.wav,happy
                d,d.wav,dark
                e,e.wav,calm
                """)
        let request = EmotionRequest(
            lexicon: try BuiltinLexicons.polarity(), options: PolarityOptions(), selection: .top(2), author: "rules")
        let parent = try #require(try await LabelingWorkflow(store: emotion.store).emotion(request).labelSet)
        let corrected = try await RelabelWorkflow(store: emotion.store).relabel(
            RelabelRequest(
                parent: parent, operations: [.set(track: "e", classes: ["negative"], note: nil)], author: "kana"))
        let recut = try await RelabelWorkflow(store: emotion.store).relabel(
            RelabelRequest(parent: corrected, operations: [.rethreshold(.top(1))], author: "kana"))
        #expect(recut.counts == ["positive": 1, "negative": 2])
        #expect(try await emotion.store.labels(of: "e", in: recut).labels.map(\.origin) == [.manual])
        #expect(try await emotion.store.labels(of: "e", in: recut).score != nil)
    }
}
