import Catalog
import Foundation
import TagmineTestSupport
import Testing
import TextMining

@Suite struct XMLCatalogReaderTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    private func read(_ name: String, _ xml: String, options: CatalogOptions = CatalogOptions()) throws -> [TrackRecord]
    {
        let path = try folder.write(name, xml)
        var reader = try CatalogFile.reader(for: path, options: options)
        var records: [TrackRecord] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }

    @Test func mapsGenericXMLWithARecordPathAndFieldXPaths() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <catalogue>
              <track id="A1" bpm="92">
                <file>audio/a1.flac</file>
                <title>Morning &amp; Light</title>
                <tags><tag>Bright</tag><tag>ピアノ, Strings</tag></tags>
              </track>
              <other><track id="ignored"/></other>
              <track id="A2"><file>a2.flac</file><title>Dusk</title></track>
            </catalogue>
            """
        var options = CatalogOptions()
        options.recordPath = "/catalogue/track"
        options.fieldPaths = [
            ("id", "@id"), ("path", "file"), ("title", "title"), ("tags", "tags/tag"), ("bpm", "@bpm"),
        ]
        let records = try read("catalogue.xml", xml, options: options)
        #expect(records.map(\.catalogueID) == ["A1", "A2"])
        #expect(records[0].title == "Morning & Light")
        #expect(records[0].audioPath == folder.file("audio/a1.flac"))
        #expect(records[0].tags.map(\.name) == ["bright", "ピアノ", "strings"])
        #expect(records[0].attributes == [Attribute(name: "bpm", value: "92")])
        #expect(records[0].line == 3)
        #expect(records[1].tags.isEmpty)
    }

    @Test func readsAnITunesLibraryPlist() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <plist version="1.0">
            <dict>
              <key>Major Version</key><integer>1</integer>
              <key>Tracks</key>
              <dict>
                <key>101</key>
                <dict>
                  <key>Track ID</key><integer>101</integer>
                  <key>Name</key><string>Blue Hour</string>
                  <key>Artist</key><string>Kumo</string>
                  <key>Album</key><string>Night</string>
                  <key>Genre</key><string>Jazz</string>
                  <key>Grouping</key><string>calm; piano</string>
                  <key>Comments</key><string>late night</string>
                  <key>Compilation</key><true/>
                  <key>BPM</key><integer>84</integer>
                  <key>Location</key><string>file:///Users/k/Music/Blue%20Hour.m4a</string>
                </dict>
              </dict>
              <key>Playlists</key>
              <array><dict><key>Name</key><string>Library</string></dict></array>
            </dict>
            </plist>
            """
        let records = try read("Library.xml", xml)
        let record = try #require(records.first)
        #expect(records.count == 1)
        #expect(record.catalogueID == "101")
        #expect(record.title == "Blue Hour")
        #expect(record.artist == "Kumo")
        #expect(record.album == "Night")
        #expect(record.description == "late night")
        #expect(record.tags.map(\.name) == ["jazz", "calm", "piano"])
        #expect(record.audioPath == "/Users/k/Music/Blue Hour.m4a")
        #expect(
            record.attributes == [Attribute(name: "Compilation", value: "true"), Attribute(name: "BPM", value: "84")])
    }

    @Test func readsARekordboxCollection() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <DJ_PLAYLISTS Version="1.0.0">
              <PRODUCT Name="rekordbox" Version="6.0.0"/>
              <COLLECTION Entries="2">
                <TRACK TrackID="7" Name="Drive" Artist="Nori" Album="Road" Genre="Techno" Comments="peak time"
                       AverageBpm="128.00" Location="file://localhost/Volumes/USB/Drive.mp3">
                  <TEMPO Inizio="0.025" Bpm="128.00"/>
                </TRACK>
                <TRACK TrackID="8" Name="Rain" Genre="" Location="file://localhost/Volumes/USB/Rain.wav"/>
              </COLLECTION>
              <PLAYLISTS><NODE Type="0" Name="ROOT"><TRACK Key="7"/></NODE></PLAYLISTS>
            </DJ_PLAYLISTS>
            """
        let records = try read("rekordbox.xml", xml)
        #expect(records.map(\.catalogueID) == ["7", "8"])
        #expect(records[0].tags.map(\.name) == ["techno"])
        #expect(records[0].description == "peak time")
        #expect(records[0].audioPath == "/Volumes/USB/Drive.mp3")
        #expect(records[0].attributes == [Attribute(name: "AverageBpm", value: "128.00")])
        #expect(records[1].tags.isEmpty)
    }

    @Test func reportsMalformedXMLWithItsLine() throws {
        let xml = "<catalogue>\n<track id=\"1\"/>\n<track id=\"2\">\n</catalogue>\n"
        var options = CatalogOptions()
        options.recordPath = "//track"
        options.fieldPaths = [("id", "@id")]
        let caught = #expect(throws: CatalogError.self) { _ = try read("broken.xml", xml, options: options) }
        let error = try #require(caught)
        #expect(error.code == .malformedXML)
        #expect(error.line == 4)
    }

    @Test func genericXMLNeedsARecordPathAndAnIDField() throws {
        let path = try folder.write("plain.xml", "<catalogue><track id=\"1\"/></catalogue>")
        #expect(throws: CatalogError.self) { _ = try CatalogFile.reader(for: path, options: CatalogOptions()) }
        var options = CatalogOptions()
        options.recordPath = "//track"
        options.fieldPaths = [("title", "@title")]
        let caught = #expect(throws: CatalogError.self) { _ = try CatalogFile.reader(for: path, options: options) }
        #expect(caught?.code == .missingColumn)
        options.fieldPaths = [("id", "@id"), ("title", "][")]
        let badXPath = #expect(throws: CatalogError.self) { _ = try CatalogFile.reader(for: path, options: options) }
        #expect(badXPath?.code == .invalidMapping)
    }

    @Test func recordsWithoutAnIDAreRejected() throws {
        var options = CatalogOptions()
        options.recordPath = "//track"
        options.fieldPaths = [("id", "@id")]
        let caught = #expect(throws: CatalogError.self) {
            _ = try read("noid.xml", "<c>\n<track id=\"1\"/>\n<track/>\n</c>", options: options)
        }
        #expect(caught?.code == .emptyID)
        #expect(caught?.line == 3)
    }
}
