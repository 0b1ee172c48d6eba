internal import CLibXML2
import Foundation
import Glibc

/// libxml2's streaming reader over one file, yielding the elements a pattern selects, each with
/// its subtree expanded. Memory stays bounded: a subtree is released once the reader moves past it.
final class XMLStream {
    let path: String
    private let reader: OpaquePointer
    private let pattern: OpaquePointer
    private let errors = XMLErrorSink()
    private var skipSubtree = false
    private var context: UnsafeMutablePointer<xmlXPathContext>?

    init(path: String, recordPath: String) throws(CatalogError) {
        self.path = path
        guard access(path, R_OK) == 0 else {
            let reason = String(cString: strerror(errno))
            throw CatalogError(errno == ENOENT ? .fileNotFound : .unreadable, file: path, "cannot open: \(reason)")
        }
        xmlInitParser()
        let compiled = recordPath.withXMLChars { xmlPatterncompile($0, nil, 0, nil) }
        guard let compiled else {
            throw CatalogError(
                .invalidMapping, file: path, "record path '\(recordPath)' is not a streamable XPath",
                hint: "Use a plain element path such as //track or /catalogue/tracks/track")
        }
        // No network, no external DTD, no entity expansion: a catalogue cannot make us fetch or blow up.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)
        guard let reader = xmlReaderForFile(path, nil, options) else {
            xmlFreePattern(compiled)
            throw CatalogError(.unreadable, file: path, "libxml2 could not open the file")
        }
        self.reader = reader
        self.pattern = compiled
        xmlTextReaderSetStructuredErrorHandler(
            reader, XMLErrorSink.handler, Unmanaged.passUnretained(errors).toOpaque())
    }

    deinit {
        if let context { xmlXPathFreeContext(context) }
        xmlFreeTextReader(reader)
        xmlFreePattern(pattern)
    }

    /// The next element the record pattern matches, expanded, or `nil` at the end of the document.
    func nextRecord() throws(CatalogError) -> XMLElement? {
        var status: Int32
        if skipSubtree {
            skipSubtree = false
            status = xmlTextReaderNext(reader)
        } else {
            status = xmlTextReaderRead(reader)
        }
        while status == 1 {
            if xmlTextReaderNodeType(reader) == Int32(XML_READER_TYPE_ELEMENT.rawValue),
                let node = xmlTextReaderCurrentNode(reader), xmlPatternMatch(pattern, node) == 1
            {
                guard let expanded = xmlTextReaderExpand(reader) else { break }
                skipSubtree = true
                return XMLElement(node: expanded)
            }
            status = xmlTextReaderRead(reader)
        }
        if status == 0 && errors.first == nil { return nil }
        let line = errors.first?.line ?? Int(xmlTextReaderGetParserLineNumber(reader))
        throw CatalogError(
            .malformedXML, file: path, line: line > 0 ? line : nil,
            errors.first?.message ?? "the XML is not well-formed",
            hint: "Fix the XML at that line; Tagmine imports nothing from a malformed file")
    }

    /// The strings an XPath expression yields relative to `element`: one per node of a node-set,
    /// otherwise its string value.
    func evaluate(_ expression: XPathExpression, at element: XMLElement) -> [String] {
        // The element's own document, not xmlTextReaderCurrentDoc: that call hands the document's
        // ownership to the caller, and the reader would no longer free it.
        if context == nil, let document = element.node.pointee.doc {
            context = xmlXPathNewContext(document)
        }
        guard let context else { return [] }
        context.pointee.node = element.node
        guard let result = xmlXPathCompiledEval(expression.compiled, context) else { return [] }
        defer { xmlXPathFreeObject(result) }
        if result.pointee.type == XPATH_NODESET {
            guard let set = result.pointee.nodesetval, set.pointee.nodeNr > 0 else { return [] }
            return (0..<Int(set.pointee.nodeNr)).compactMap { index in
                set.pointee.nodeTab[index].map { XMLElement(node: $0).text }
            }
        }
        guard let text = xmlXPathCastToString(result) else { return [] }
        defer { tagmine_xml_free(text) }
        return [String(cString: text)]
    }
}

/// A compiled XPath expression.
final class XPathExpression {
    let source: String
    fileprivate let compiled: OpaquePointer

    init(_ source: String, file: String) throws(CatalogError) {
        // Route libxml2's complaint into the error instead of stderr.
        let errors = XMLErrorSink()
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(errors).toOpaque(), XMLErrorSink.handler)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        guard let compiled = source.withXMLChars({ xmlXPathCompile($0) }) else {
            let reason = errors.first.map { " (\($0.message))" } ?? ""
            throw CatalogError(.invalidMapping, file: file, "'\(source)' is not a valid XPath expression\(reason)")
        }
        self.source = source
        self.compiled = compiled
    }

    deinit {
        xmlXPathFreeCompExpr(compiled)
    }
}

/// A node of an expanded record subtree; valid until the stream moves on.
struct XMLElement {
    fileprivate let node: UnsafeMutablePointer<xmlNode>

    fileprivate init(node: UnsafeMutablePointer<xmlNode>) {
        self.node = node
    }

    /// The element (or attribute) name.
    var name: String { node.pointee.name.map { String(cString: $0) } ?? "" }

    /// The line the element starts on.
    var line: Int { Int(xmlGetLineNo(node)) }

    /// The text content of the node and its descendants.
    var text: String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { tagmine_xml_free(content) }
        return String(cString: content)
    }

    /// The element's attributes, in document order.
    var attributes: [(name: String, value: String)] {
        var result: [(String, String)] = []
        var attribute = node.pointee.properties
        while let current = attribute {
            let asNode = UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self)
            result.append((XMLElement(node: asNode).name, XMLElement(node: asNode).text))
            attribute = current.pointee.next
        }
        return result
    }

    /// The element children, in document order.
    var children: [XMLElement] {
        var result: [XMLElement] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(XMLElement(node: current)) }
            child = current.pointee.next
        }
        return result
    }
}

/// Keeps the first error libxml2 reports, instead of letting it print to stderr.
private final class XMLErrorSink {
    var first: (message: String, line: Int)?

    static let handler: xmlStructuredErrorFunc = { userData, error in
        guard let userData, let error else { return }
        let sink = Unmanaged<XMLErrorSink>.fromOpaque(userData).takeUnretainedValue()
        guard sink.first == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let message = error.pointee.message.map { String(cString: $0) } ?? "XML error"
        sink.first = (message.trimmingCharacters(in: .whitespacesAndNewlines), Int(error.pointee.line))
    }
}

extension String {
    fileprivate func withXMLChars<T>(_ body: (UnsafePointer<xmlChar>) -> T) -> T {
        withCString { $0.withMemoryRebound(to: xmlChar.self, capacity: utf8.count + 1, body) }
    }
}
