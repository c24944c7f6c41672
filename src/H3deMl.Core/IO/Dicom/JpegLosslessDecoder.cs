using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;

namespace H3deMl.Core.IO.Dicom;

/// <summary>
/// JPEG lossless, non-hierarchical, Huffman-coded (ITU T.81 Annex H, process 14, frame marker SOF3): all seven
/// predictors (selection values 1–7), point transform, restart intervals, one or more components (interleaved scans
/// with 1×1 sampling, or one scan per component), precision 2–16 bits. Written from T.81; nothing is copied from another
/// implementation.
/// </summary>
/// <remarks>
/// Reconstruction follows T.81 H.1.2: the first sample of the scan and of each restart interval is predicted by
/// 2^(P − Pt − 1), the rest of that first line by Ra (left), the first sample of every later line by Rb (above), and the
/// others by the selection value: 1 Ra, 2 Rb, 3 Rc, 4 Ra + Rb − Rc, 5 Ra + ((Rb − Rc) &gt;&gt; 1), 6 Rb + ((Ra − Rc) &gt;&gt; 1),
/// 7 (Ra + Rb) / 2. Sums are taken modulo 2^16 (H.2.1); a difference category of 16 means 32768. The output sample is
/// the reconstructed value shifted left by Pt.
/// </remarks>
internal static class JpegLosslessDecoder
{
    /// <summary>Decodes one JPEG lossless frame into native little-endian, pixel-interleaved samples of
    /// <paramref name="format"/>.BitsAllocated bits.</summary>
    public static void Decode(ReadOnlySpan<byte> data, DicomPixelFormat format, string path, long offset, Span<byte> destination)
    {
        var ctx = new Context(path, offset);
        var tables = new HuffmanTable?[4];
        int precision = 0, height = 0, width = 0, componentCount = 0;
        Span<int> componentIds = stackalloc int[4];
        int restartInterval = 0;
        int[]? samples = null;
        bool sawFrame = false, sawScan = false;

        int pos = 0;
        // Skip any padding before SOI.
        while (pos + 1 < data.Length && !(data[pos] == 0xFF && data[pos + 1] == 0xD8))
        {
            pos++;
            if (pos > 16)
            {
                ctx.Fail("the JPEG data does not start with an SOI marker (FFD8)", pos);
            }
        }

        pos += 2;
        try
        {
            while (true)
            {
                // Next marker, skipping fill bytes.
                while (pos < data.Length && data[pos] != 0xFF)
                {
                    pos++; // tolerate stray bytes between segments
                }

                while (pos < data.Length && data[pos] == 0xFF)
                {
                    pos++;
                }

                if (pos >= data.Length)
                {
                    if (sawScan)
                    {
                        break; // missing EOI: the image is complete
                    }

                    ctx.Fail("the JPEG data ends before any scan; the frame is truncated", pos);
                }

                byte marker = data[pos++];
                if (marker == 0xD9)
                {
                    break; // EOI
                }

                if (marker is 0xD8 or 0x01 || marker is >= 0xD0 and <= 0xD7)
                {
                    continue; // standalone markers
                }

                if (pos + 2 > data.Length)
                {
                    ctx.Fail("a JPEG marker segment is truncated", pos);
                }

                int length = BinaryPrimitives.ReadUInt16BigEndian(data[pos..]);
                if (length < 2 || pos + length > data.Length)
                {
                    ctx.Fail(string.Create(CultureInfo.InvariantCulture, $"JPEG marker FF{marker:X2} declares a {length}-byte segment but {data.Length - pos} bytes remain"), pos);
                }

                ReadOnlySpan<byte> segment = data.Slice(pos + 2, length - 2);
                int segmentStart = pos;
                pos += length;
                switch (marker)
                {
                    case 0xC3: // SOF3: lossless, Huffman
                        if (segment.Length < 6)
                        {
                            ctx.Fail("the SOF3 segment is too short", segmentStart);
                        }

                        precision = segment[0];
                        height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
                        width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
                        componentCount = segment[5];
                        if (precision is < 2 or > 16 || componentCount is < 1 or > 4 || segment.Length < 6 + (3 * componentCount))
                        {
                            ctx.Fail(string.Create(CultureInfo.InvariantCulture, $"SOF3 declares precision {precision} and {componentCount} components (expected 2–16 bits, 1–4 components)"), segmentStart);
                        }

                        if (height != format.Rows || width != format.Columns || componentCount != format.SamplesPerPixel)
                        {
                            ctx.Fail(string.Create(CultureInfo.InvariantCulture, $"the JPEG frame is {width} × {height} with {componentCount} component(s) but the DICOM header says {format.Columns} × {format.Rows} with {format.SamplesPerPixel}"), segmentStart);
                        }

                        if (precision > format.BitsAllocated)
                        {
                            ctx.Fail(string.Create(CultureInfo.InvariantCulture, $"the JPEG precision is {precision} bits but BitsAllocated is {format.BitsAllocated}"), segmentStart);
                        }

                        for (int c = 0; c < componentCount; c++)
                        {
                            componentIds[c] = segment[6 + (3 * c)];
                            int sampling = segment[7 + (3 * c)];
                            if (componentCount > 1 && sampling != 0x11)
                            {
                                ctx.Fail("the JPEG components are subsampled, which lossless DICOM images do not use", segmentStart);
                            }
                        }

                        samples = ArrayPool<int>.Shared.Rent(width * height * componentCount);
                        sawFrame = true;
                        break;

                    case 0xC4: // DHT
                        ParseHuffmanTables(segment, tables, ctx, segmentStart);
                        break;

                    case 0xDD: // DRI
                        if (segment.Length < 2)
                        {
                            ctx.Fail("the DRI segment is too short", segmentStart);
                        }

                        restartInterval = BinaryPrimitives.ReadUInt16BigEndian(segment);
                        break;

                    case 0xDA: // SOS
                        if (!sawFrame || samples is null)
                        {
                            ctx.Fail("a JPEG scan comes before the SOF3 frame header", segmentStart);
                        }

                        pos = DecodeScan(data, pos, segment, tables, componentIds[..componentCount], precision, width, height, restartInterval, samples, ctx, segmentStart);
                        sawScan = true;
                        break;

                    case 0xC0 or 0xC1 or 0xC2 or 0xC5 or 0xC6 or 0xC7 or 0xC9 or 0xCA or 0xCB or 0xCD or 0xCE or 0xCF or 0xF7:
                        throw DicomThrowHelper.Unsupported(
                            path,
                            string.Create(CultureInfo.InvariantCulture, $"the JPEG data uses frame type FF{marker:X2}, not the lossless process 14 (FFC3) its transfer syntax declares; convert the files with `gdcmconv --raw`"),
                            DicomTags.PixelData);

                    default:
                        break; // APPn, COM, DQT, DNL and others carry nothing we need
                }
            }

            if (!sawScan || samples is null)
            {
                ctx.Fail("the JPEG data has no scan", pos);
            }

            Store(samples.AsSpan(0, width * height * componentCount), format.BitsAllocated, destination);
        }
        finally
        {
            if (samples is not null)
            {
                ArrayPool<int>.Shared.Return(samples);
            }
        }
    }

    private static void Store(ReadOnlySpan<int> samples, int bitsAllocated, Span<byte> destination)
    {
        switch (bitsAllocated)
        {
            case 8:
                for (int i = 0; i < samples.Length; i++)
                {
                    destination[i] = (byte)samples[i];
                }

                break;
            case 16:
                for (int i = 0; i < samples.Length; i++)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(destination[(2 * i)..], (ushort)samples[i]);
                }

                break;
            default:
                for (int i = 0; i < samples.Length; i++)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(destination[(4 * i)..], (uint)samples[i]);
                }

                break;
        }
    }

    private static void ParseHuffmanTables(ReadOnlySpan<byte> segment, HuffmanTable?[] tables, Context ctx, int segmentStart)
    {
        int p = 0;
        while (p < segment.Length)
        {
            if (p + 17 > segment.Length)
            {
                ctx.Fail("a DHT segment is truncated", segmentStart);
            }

            int tableClass = segment[p] >> 4;
            int id = segment[p] & 0x0F;
            if (id > 3)
            {
                ctx.Fail(string.Create(CultureInfo.InvariantCulture, $"a Huffman table has id {id} (expected 0–3)"), segmentStart);
            }

            ReadOnlySpan<byte> counts = segment.Slice(p + 1, 16);
            int total = 0;
            foreach (byte c in counts)
            {
                total += c;
            }

            if (total > 256 || p + 17 + total > segment.Length)
            {
                ctx.Fail(string.Create(CultureInfo.InvariantCulture, $"a Huffman table declares {total} symbols but the segment holds fewer"), segmentStart);
            }

            var table = HuffmanTable.Build(counts, segment.Slice(p + 17, total), ctx, segmentStart);
            if (tableClass == 0)
            {
                tables[id] = table; // lossless uses the DC class only
            }

            p += 17 + total;
        }
    }

    private static int DecodeScan(
        ReadOnlySpan<byte> data,
        int pos,
        ReadOnlySpan<byte> header,
        HuffmanTable?[] tables,
        ReadOnlySpan<int> componentIds,
        int precision,
        int width,
        int height,
        int restartInterval,
        int[] samples,
        Context ctx,
        int segmentStart)
    {
        int ns = header.Length > 0 ? header[0] : 0;
        if (ns < 1 || ns > componentIds.Length || header.Length < 1 + (2 * ns) + 3)
        {
            ctx.Fail(string.Create(CultureInfo.InvariantCulture, $"the SOS segment declares {ns} components (expected 1–{componentIds.Length})"), segmentStart);
        }

        int nc = componentIds.Length;
        Span<int> index = stackalloc int[4];
        var scanTables = new HuffmanTable[ns];
        for (int s = 0; s < ns; s++)
        {
            int id = header[1 + (2 * s)];
            int td = header[2 + (2 * s)] >> 4;
            index[s] = componentIds.IndexOf(id);
            if (index[s] < 0 || td > 3 || tables[td] is null)
            {
                ctx.Fail(string.Create(CultureInfo.InvariantCulture, $"the scan refers to component {id} or Huffman table {td}, which is not defined"), segmentStart);
            }

            scanTables[s] = tables[td]!;
        }

        int predictor = header[1 + (2 * ns)];
        int pointTransform = header[3 + (2 * ns)] & 0x0F;
        if (predictor is < 1 or > 7)
        {
            ctx.Fail(string.Create(CultureInfo.InvariantCulture, $"the scan's predictor (selection value) is {predictor} (expected 1–7)"), segmentStart);
        }

        if (pointTransform >= precision)
        {
            ctx.Fail(string.Create(CultureInfo.InvariantCulture, $"the point transform {pointTransform} is not below the precision {precision}"), segmentStart);
        }

        int initial = 1 << (precision - pointTransform - 1);
        var reader = new BitReader(data, pos);
        int stride = width * nc; // samples per line in the interleaved output
        int restartsLeft = restartInterval;
        int nextRestartMarker = 0;
        int firstLineY = 0; // line of the most recent scan start or restart: predicted by Ra
        int firstX = 0;     // its first column: predicted by 2^(P − Pt − 1)

        for (int y = 0; y < height; y++)
        {
            int row = y * stride;
            for (int x = 0; x < width; x++)
            {
                if (restartInterval > 0)
                {
                    if (restartsLeft == 0)
                    {
                        reader.Restart(nextRestartMarker, ctx);
                        nextRestartMarker = (nextRestartMarker + 1) & 7;
                        restartsLeft = restartInterval;
                        firstLineY = y;
                        firstX = x;
                    }

                    restartsLeft--;
                }

                for (int s = 0; s < ns; s++)
                {
                    int at = row + (x * nc) + index[s];
                    int prediction;
                    if (y == firstLineY)
                    {
                        prediction = x == firstX ? initial : samples[at - nc];
                    }
                    else if (x == 0)
                    {
                        prediction = samples[at - stride];
                    }
                    else
                    {
                        int ra = samples[at - nc];
                        int rb = samples[at - stride];
                        int rc = samples[at - stride - nc];
                        prediction = predictor switch
                        {
                            1 => ra,
                            2 => rb,
                            3 => rc,
                            4 => ra + rb - rc,
                            5 => ra + ((rb - rc) >> 1),
                            6 => rb + ((ra - rc) >> 1),
                            _ => (ra + rb) >> 1,
                        };
                    }

                    int diff = reader.DecodeDifference(scanTables[s], ctx);
                    samples[at] = (prediction + diff) & 0xFFFF;
                }
            }
        }

        if (pointTransform > 0)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    for (int s = 0; s < ns; s++)
                    {
                        int at = (y * stride) + (x * nc) + index[s];
                        samples[at] <<= pointTransform;
                    }
                }
            }
        }

        return reader.PositionAfterScan();
    }

    /// <summary>Error context: file and the frame's offset in it.</summary>
    private sealed class Context(string path, long offset)
    {
        [System.Diagnostics.CodeAnalysis.DoesNotReturn]
        public void Fail(string what, long at) =>
            throw DicomThrowHelper.Invalid(path, "JPEG lossless frame: " + what, offset + at, DicomTags.PixelData);
    }

    /// <summary>A DC Huffman table (T.81 Annex C): canonical codes from the 16 length counts, with a 9-bit lookup for
    /// short codes and the MAXCODE/VALPTR search of F.2.2.3 for longer ones.</summary>
    private sealed class HuffmanTable
    {
        public const int LookupBits = 9;
        public readonly byte[] LookupLength = new byte[1 << LookupBits];
        public readonly byte[] LookupSymbol = new byte[1 << LookupBits];
        public readonly int[] MaxCode = new int[18];
        public readonly int[] MinCode = new int[17];
        public readonly int[] ValuePointer = new int[17];
        public byte[] Values = [];

        public static HuffmanTable Build(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values, Context ctx, int at)
        {
            var t = new HuffmanTable { Values = values.ToArray() };
            int code = 0;
            int k = 0;
            for (int length = 1; length <= 16; length++)
            {
                int n = counts[length - 1];
                t.ValuePointer[length] = k;
                t.MinCode[length] = code;
                t.MaxCode[length] = n == 0 ? -1 : code + n - 1;
                for (int i = 0; i < n; i++, k++, code++)
                {
                    if (code >= 1 << length)
                    {
                        ctx.Fail("a Huffman table has more codes than its code lengths allow", at);
                    }

                    if (length <= LookupBits)
                    {
                        int first = code << (LookupBits - length);
                        int span = 1 << (LookupBits - length);
                        t.LookupLength.AsSpan(first, span).Fill((byte)length);
                        t.LookupSymbol.AsSpan(first, span).Fill(values[k]);
                    }
                }

                code <<= 1;
            }

            t.MaxCode[17] = int.MaxValue;
            return t;
        }
    }

    /// <summary>Reads the entropy-coded segment MSB first, removing stuffed zero bytes after 0xFF; at a marker it feeds
    /// zero bits (T.81 F.2.2.5) and remembers where the marker is.</summary>
    private ref struct BitReader
    {
        private readonly ReadOnlySpan<byte> _data;
        private int _pos;
        private ulong _bits;
        private int _count;
        private bool _atMarker;
        private int _paddingBits; // zero bits appended after the data ended (at a marker); never part of a valid code

        public BitReader(ReadOnlySpan<byte> data, int pos)
        {
            _data = data;
            _pos = pos;
        }

        private void Fill()
        {
            while (_count <= 56)
            {
                byte b = 0;
                if (!_atMarker && _pos < _data.Length)
                {
                    b = _data[_pos];
                    if (b == 0xFF)
                    {
                        byte next = _pos + 1 < _data.Length ? _data[_pos + 1] : (byte)0xD9;
                        if (next == 0x00)
                        {
                            _pos += 2;
                        }
                        else
                        {
                            _atMarker = true; // leave _pos on the marker
                            b = 0;
                            _paddingBits += 8;
                        }
                    }
                    else
                    {
                        _pos++;
                    }
                }
                else
                {
                    _atMarker = true;
                    _paddingBits += 8;
                }

                _bits |= (ulong)b << (56 - _count);
                _count += 8;
            }
        }

        public int DecodeDifference(HuffmanTable table, Context ctx)
        {
            if (_count < 32)
            {
                Fill();
            }

            int peek = (int)(_bits >> (64 - HuffmanTable.LookupBits));
            int length = table.LookupLength[peek];
            int category;
            if (length != 0)
            {
                category = table.LookupSymbol[peek];
            }
            else
            {
                length = HuffmanTable.LookupBits + 1;
                int code = (int)(_bits >> (64 - length));
                while (length <= 16 && code > table.MaxCode[length])
                {
                    length++;
                    code = (int)(_bits >> (64 - length));
                }

                if (length > 16)
                {
                    ctx.Fail("the entropy-coded data holds a code that is not in the Huffman table; the frame is corrupt", _pos);
                }

                category = table.Values[table.ValuePointer[length] + code - table.MinCode[length]];
            }

            _bits <<= length;
            _count -= length;
            if (_count < _paddingBits)
            {
                ctx.Fail("the entropy-coded data ends before the image is complete; the frame is truncated", _pos);
            }

            if (category == 0)
            {
                return 0;
            }

            if (category == 16)
            {
                return 32768;
            }

            if (category > 16)
            {
                ctx.Fail(string.Create(CultureInfo.InvariantCulture, $"a difference category of {category} (expected 0–16)"), _pos);
            }

            int extra = (int)(_bits >> (64 - category));
            _bits <<= category;
            _count -= category;
            if (_count < _paddingBits)
            {
                ctx.Fail("the entropy-coded data ends before the image is complete; the frame is truncated", _pos);
            }

            return extra < (1 << (category - 1)) ? extra - (1 << category) + 1 : extra;
        }

        /// <summary>At the end of a restart interval: drop the remaining bits of the byte and expect RSTm.</summary>
        public void Restart(int expected, Context ctx)
        {
            // The filler never reads past a marker, and the interval's coded data ends right before RSTm, so
            // whatever is still buffered is padding and the marker is at the next unread byte.
            int p = _pos;
            while (p < _data.Length && _data[p] == 0xFF && p + 1 < _data.Length && _data[p + 1] == 0xFF)
            {
                p++; // fill bytes
            }

            if (p + 1 >= _data.Length || _data[p] != 0xFF || _data[p + 1] != 0xD0 + expected)
            {
                ctx.Fail(string.Create(CultureInfo.InvariantCulture, $"expected restart marker RST{expected} (FFD{expected}) at the end of a restart interval"), p);
            }

            _pos = p + 2;
            _bits = 0;
            _count = 0;
            _atMarker = false;
            _paddingBits = 0;
        }

        /// <summary>Where the next marker segment starts after the scan.</summary>
        public readonly int PositionAfterScan()
        {
            int p = _pos;
            while (p + 1 < _data.Length && !(_data[p] == 0xFF && _data[p + 1] != 0x00 && _data[p + 1] is not (>= 0xD0 and <= 0xD7)))
            {
                p++;
            }

            return p;
        }
    }
}
