import AudioFeatures
import Catalog
import DemoCatalog
import Foundation
import TagmineTestSupport
import Testing
import TextMining

@Suite struct DemoCatalogueTests {
    @Test func theSameSeedPlansAndWritesTheSameCatalogue() throws {
        let catalogue = DemoCatalogue(tracks: 6, seed: 3, seconds: 0.5)
        let first = try TemporaryDirectory(), second = try TemporaryDirectory()

        let a = try catalogue.write(to: first.path), b = try catalogue.write(to: second.path)

        #expect(a.tracks == b.tracks)
        #expect(try Data(contentsOf: URL(fileURLWithPath: a.csv)) == Data(contentsOf: URL(fileURLWithPath: b.csv)))
        let wav = try #require(a.tracks.first { $0.path.hasSuffix(".wav") })
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: first.file(wav.path)))
                == Data(contentsOf: URL(fileURLWithPath: second.file(wav.path))))
        #expect(DemoCatalogue(tracks: 6, seed: 4).tracks() != a.tracks)
    }

    @Test func writesEveryContainerAndAFewDeliberatelyBrokenFiles() throws {
        let plan = DemoCatalogue(tracks: 300, seconds: 0.2).tracks()
        #expect(plan.filter { $0.defect == .missing }.map(\.id) == ["D000150"])
        #expect(plan.filter { $0.defect == .truncated }.map(\.id) == ["D000250"])
        #expect(DemoCatalogue(tracks: 300, defects: false).tracks().allSatisfy { $0.defect == nil })

        let folder = try TemporaryDirectory()
        let written = try DemoCatalogue(tracks: 40, seconds: 0.5).write(to: folder.path)
        #expect(Set(written.containers.keys) == Set(AudioContainer.allCases))
        for track in written.tracks {
            let (clip, _) = try AudioDecoder.decode(folder.file(track.path))
            #expect(clip.duration > 0.45 && clip.peak > 0.5, "\(track.path)")
        }
    }

    @Test func tagsReadBackAsTheTruthThroughTheShippedMapsMostOfTheTime() throws {
        let folder = try TemporaryDirectory()
        let written = try DemoCatalogue(tracks: 400, seconds: 0.1).write(to: folder.path)
        let genres = try KeywordMap.named("genre-seed")
        let labeler = KeywordLabeler(map: genres)
        var reader = try CSVCatalogReader(path: written.csv, format: .csv, options: CatalogOptions())

        var agree = 0, popsWithRock = 0, negated = 0
        for track in written.tracks {
            let record = try #require(try reader.next())
            #expect(record.catalogueID == track.id && record.audioPath == folder.file(track.path))
            let decision = try labeler.decide(tags: record.tags.map(\.original))
            if decision.classes == [track.genre.rawValue] { agree += 1 }
            if track.genre == .pops && track.tags.contains("ロック") { popsWithRock += 1 }
            if track.tags.contains("ギターなし") { negated += 1 }
        }
        let share = Double(agree) / Double(written.tracks.count)
        #expect(share > 0.75 && share < 0.97, "genre tags agree with the audio's genre for \(share)")
        #expect(popsWithRock > 0 && negated > 0)
    }

    @Test func genresOtherThanPopsAreTellableApartByTheirAudio() throws {
        let folder = try TemporaryDirectory()
        let written = try DemoCatalogue(tracks: 60, seed: 11, seconds: 1.5, defects: false).write(to: folder.path)
        let extractor = Extractor(ExtractorSpec(.logmelStats))
        let clear = written.tracks.filter { $0.genre != .pops }
        let vectors = try clear.map { try extractor.extract(folder.file($0.path)).features.values }

        // Leave-one-out nearest centroid on standardised features: a weak model, so a high score
        // means the genres really sound different.
        let standardised = standardise(vectors)
        var correct = 0
        for index in clear.indices {
            var best = (genre: DemoGenre.rock, distance: Float.infinity)
            for genre in DemoGenre.allCases where genre != .pops {
                let members = clear.indices.filter { $0 != index && clear[$0].genre == genre }
                guard !members.isEmpty else { continue }
                let centroid = (0..<standardised[0].count).map { d in
                    members.reduce(Float(0)) { $0 + standardised[$1][d] } / Float(members.count)
                }
                let distance = zip(standardised[index], centroid).reduce(Float(0)) {
                    $0 + ($1.0 - $1.1) * ($1.0 - $1.1)
                }
                if distance < best.distance { best = (genre, distance) }
            }
            if best.genre == clear[index].genre { correct += 1 }
        }
        let accuracy = Double(correct) / Double(clear.count)
        #expect(accuracy > 0.8, "nearest-centroid accuracy \(accuracy) on \(clear.count) tracks")
    }

    private func standardise(_ rows: [[Float]]) -> [[Float]] {
        let dimensions = rows[0].count, count = Float(rows.count)
        let mean = (0..<dimensions).map { d in rows.reduce(Float(0)) { $0 + $1[d] } / count }
        let std = (0..<dimensions).map { d in
            max(1e-6, (rows.reduce(Float(0)) { $0 + ($1[d] - mean[d]) * ($1[d] - mean[d]) } / count).squareRoot())
        }
        return rows.map { row in (0..<dimensions).map { (row[$0] - mean[$0]) / std[$0] } }
    }
}
