/// A QR code (ISO/IEC 18004), byte mode, error correction level M, versions 1 to 40: enough for
/// an authenticator's `otpauth://` link with the longest email Haven accepts. Written for Haven
/// (no QR package is available here) and checked by decoding its output with `zbarimg`.
/// The construction follows the standard: function patterns, the data and its Reed–Solomon
/// error correction interleaved into blocks, placed in the zig-zag order, then the mask with the
/// lowest penalty and the format and version information.
struct QRCode {
    /// The modules, row by row; true is dark.
    let modules: [[Bool]]
    let version: Int
    var size: Int { modules.count }

    enum Failure: Error { case tooLong }

    init(_ text: String) throws {
        let data = Array(text.utf8)
        guard let version = (1...40).first(where: { Self.capacityBits($0) >= 4 + Self.countBits($0) + 8 * data.count })
        else { throw Failure.tooLong }
        self.version = version
        var grid = QRGrid(version: version)
        grid.drawFunctionPatterns()
        grid.drawCodewords(QRBlocks.interleaved(Self.dataCodewords(data, version: version), version: version))
        var best: (penalty: Int, grid: QRGrid)?
        for mask in 0..<8 {
            var candidate = grid
            candidate.applyMask(mask)
            candidate.drawFormatBits(mask: mask)
            let penalty = candidate.penalty()
            if best == nil || penalty < best!.penalty { best = (penalty, candidate) }
        }
        modules = best!.grid.modules
    }

    static func countBits(_ version: Int) -> Int { version <= 9 ? 8 : 16 }

    static func capacityBits(_ version: Int) -> Int { QRBlocks.dataCodewordCount(version) * 8 }

    /// Mode indicator, byte count, the bytes, terminator and padding, as codewords.
    static func dataCodewords(_ data: [UInt8], version: Int) -> [UInt8] {
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) {
            for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
        }
        append(0b0100, 4)
        append(data.count, countBits(version))
        for byte in data { append(Int(byte), 8) }
        let capacity = capacityBits(version)
        append(0, min(4, capacity - bits.count))
        append(0, (8 - bits.count % 8) % 8)
        var codewords = stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while codewords.count < capacity / 8 {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// The code as SVG: one path of dark modules inside a four-module quiet zone, scaled by the
    /// page. No script and no style attribute, so the page's content security policy allows it.
    func svg(title: String) -> String {
        var path = ""
        for (y, row) in modules.enumerated() {
            for (x, dark) in row.enumerated() where dark { path += "M\(x + 4) \(y + 4)h1v1h-1z" }
        }
        let side = size + 8
        return
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\" width=\"\(side * 5)\" height=\"\(side * 5)\" "
            + "role=\"img\" aria-label=\"\(title)\" shape-rendering=\"crispEdges\"><rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/>"
            + "<path d=\"\(path)\" fill=\"#000\"/></svg>"
    }

    /// The code as a plain PBM image (`P1`), `scale` pixels per module, for tools that read images.
    func pbm(scale: Int = 4) -> String {
        let side = (size + 8) * scale
        var lines = ["P1", "\(side) \(side)"]
        for y in 0..<side {
            let row = (0..<side).map { x -> String in
                let mx = x / scale - 4
                let my = y / scale - 4
                return mx >= 0 && my >= 0 && mx < size && my < size && modules[my][mx] ? "1" : "0"
            }
            lines.append(row.joined(separator: " "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
