using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace H3deMl.Core.IO.Dicom;

/// <summary>
/// A DICOM Part 10 parser (PS3.10 §7, PS3.5 §7): 128-byte preamble and "DICM" (or a preamble-less dataset), the file
/// meta group in explicit VR little endian, then the dataset in the transfer syntax it names: implicit or explicit VR,
/// little or big endian, deflated; sequences and items of defined and undefined length; encapsulated pixel data.
/// </summary>
/// <remarks>
/// Every length is checked against the bytes that remain before anything is sliced or allocated, so a corrupt or
/// truncated file gives an <see cref="InvalidVolumeContentException"/> naming the file, the tag and the byte offset.
/// In header-only mode the parse stops at the pixel data element (its value need not be in the buffer), and running out
/// of a buffer that holds only the start of the file raises <see cref="DicomNeedMoreDataException"/> so the caller can
/// read more.
/// </remarks>
internal sealed class DicomParser
{
    /// <summary>The largest inflated dataset accepted from a deflated file (a guard against deflate bombs).</summary>
    internal const long MaxInflatedBytes = 1L << 31;

    private const uint UndefinedLength = 0xFFFFFFFF;
    private const int MaxDepth = 32;

    private readonly string _path;
    private long _fileLength; // of the stream being parsed: the inflated dataset once a deflated file is inflated
    private readonly bool _headerOnly;
    private ReadOnlyMemory<byte> _buffer;
    private bool _bufferIsPartial;
    private int _pos;
    private bool _littleEndian = true;
    private bool _explicitVR = true;
    private bool _stopped;

    public DicomParser(string path, ReadOnlyMemory<byte> buffer, long fileLength, bool headerOnly)
    {
        _path = path;
        _buffer = buffer;
        _fileLength = fileLength;
        _bufferIsPartial = buffer.Length < fileLength;
        _headerOnly = headerOnly;
    }

    /// <summary>True when <paramref name="header"/> (the first bytes of a file, at least 132 when there are that many)
    /// starts a DICOM file: "DICM" after a 128-byte preamble, or a preamble-less dataset whose first element is a plausible
    /// group 0002 or 0008 element in explicit or implicit VR.</summary>
    public static bool IsDicom(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 132 && header.Slice(128, 4).SequenceEqual("DICM"u8))
        {
            return true;
        }

        if (header.Length < 8)
        {
            return false;
        }

        ushort group = BinaryPrimitives.ReadUInt16LittleEndian(header);
        ushort element = BinaryPrimitives.ReadUInt16LittleEndian(header[2..]);
        if (group is not (0x0002 or 0x0008) || element > 0x0020)
        {
            return false;
        }

        ushort vr = (ushort)((header[4] << 8) | header[5]);
        if (DicomVRExtensions.IsKnown(vr))
        {
            return true;
        }

        // Implicit VR: a small 32-bit length that fits in the bytes we were given or in a sane header.
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        return length is > 0 and < 1024 && (element == 0x0000 ? length == 4 : true);
    }

    public DicomFile ParseFile()
    {
        ReadOnlySpan<byte> span = _buffer.Span;
        bool hasPreamble = span.Length >= 132 && span.Slice(128, 4).SequenceEqual("DICM"u8);
        if (!hasPreamble && !IsDicom(span[..Math.Min(span.Length, 132)]))
        {
            if (_bufferIsPartial && span.Length < 132)
            {
                throw new DicomNeedMoreDataException();
            }

            throw DicomThrowHelper.Invalid(
                _path,
                "not a DICOM file: no \"DICM\" magic at byte 128 and no DICOM element at the start (expected a Part 10 file or a raw dataset)",
                offset: 0);
        }

        _pos = hasPreamble ? 132 : 0;
        var meta = new DicomDataset(_path);

        // File meta group: explicit VR little endian (PS3.10 §7.1); tolerate writers that used implicit VR.
        if (PeekGroup() == 0x0002)
        {
            _littleEndian = true;
            _explicitVR = LooksExplicitAt(_pos);
            ParseDataset(meta, _buffer.Length, undefinedLengthItem: false, depth: 0, metaOnly: true);
        }

        DicomTransferSyntax syntax;
        if (meta.TryGetString(DicomTags.TransferSyntaxUID, out string? uid) && uid.Length > 0)
        {
            syntax = DicomTransferSyntax.FromUid(uid.TrimEnd('\0', ' '));
        }
        else
        {
            syntax = LooksExplicitAt(_pos) ? DicomTransferSyntax.ExplicitVRLittleEndian : DicomTransferSyntax.ImplicitVRLittleEndian;
        }

        _littleEndian = syntax.IsLittleEndian;
        _explicitVR = syntax.IsExplicitVR;

        if (syntax.IsDeflated)
        {
            if (_bufferIsPartial)
            {
                throw new DicomNeedMoreDataException(wholeFile: true);
            }

            _buffer = Inflate(_buffer[_pos..]);
            _fileLength = _buffer.Length;
            _bufferIsPartial = false;
            _pos = 0;
        }
        else if (_explicitVR && _littleEndian && _pos + 6 <= _buffer.Length && !LooksExplicitAt(_pos) && LooksImplicitAt(_pos))
        {
            // Some writers declare explicit VR but write the dataset in implicit VR; read what is there.
            _explicitVR = false;
        }

        var dataset = new DicomDataset(_path);
        ParseDataset(dataset, _buffer.Length, undefinedLengthItem: false, depth: 0, metaOnly: false);
        return new DicomFile(_path, meta, dataset, syntax, hasPreamble, _fileLength);
    }

    private ReadOnlyMemory<byte> Inflate(ReadOnlyMemory<byte> compressed)
    {
        using var input = new MemoryStream(compressed.ToArray(), writable: false);
        using var deflate = new DeflateStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        byte[] chunk = new byte[81920];
        try
        {
            int n;
            while ((n = deflate.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (output.Length + n > MaxInflatedBytes)
                {
                    throw DicomThrowHelper.Invalid(_path, string.Create(CultureInfo.InvariantCulture, $"the deflated dataset inflates to more than {MaxInflatedBytes:N0} bytes; refusing to read it"), _pos);
                }

                output.Write(chunk, 0, n);
            }
        }
        catch (InvalidDataException ex)
        {
            throw DicomThrowHelper.Invalid(_path, "the deflated dataset (transfer syntax 1.2.840.10008.1.2.1.99) is not a valid deflate stream: " + ex.Message, _pos, inner: ex);
        }

        return output.GetBuffer().AsMemory(0, (int)output.Length);
    }

    private ushort PeekGroup() => _pos + 2 <= _buffer.Length ? BinaryPrimitives.ReadUInt16LittleEndian(_buffer.Span[_pos..]) : (ushort)0;

    private bool LooksExplicitAt(int pos)
    {
        ReadOnlySpan<byte> span = _buffer.Span;
        return pos + 6 <= span.Length && DicomVRExtensions.IsKnown((ushort)((span[pos + 4] << 8) | span[pos + 5]));
    }

    private bool LooksImplicitAt(int pos)
    {
        ReadOnlySpan<byte> span = _buffer.Span;
        if (pos + 8 > span.Length)
        {
            return false;
        }

        uint length = BinaryPrimitives.ReadUInt32LittleEndian(span[(pos + 4)..]);
        return length == UndefinedLength || length <= (uint)(span.Length - pos - 8);
    }

    private ushort ReadU16(int pos) => _littleEndian
        ? BinaryPrimitives.ReadUInt16LittleEndian(_buffer.Span[pos..])
        : BinaryPrimitives.ReadUInt16BigEndian(_buffer.Span[pos..]);

    private uint ReadU32(int pos) => _littleEndian
        ? BinaryPrimitives.ReadUInt32LittleEndian(_buffer.Span[pos..])
        : BinaryPrimitives.ReadUInt32BigEndian(_buffer.Span[pos..]);

    /// <summary>Checks that <paramref name="count"/> bytes follow <see cref="_pos"/> before <paramref name="end"/>.</summary>
    private void Require(long count, int end, DicomTag? tag, string what)
    {
        if (_pos + count <= end)
        {
            return;
        }

        if (_bufferIsPartial && end >= _buffer.Length)
        {
            throw new DicomNeedMoreDataException();
        }

        long available = Math.Max(0, end - _pos);
        throw DicomThrowHelper.Invalid(
            _path,
            string.Create(CultureInfo.InvariantCulture, $"{what} needs {count:N0} bytes but only {available:N0} remain; the file is truncated or a length is corrupt"),
            _pos,
            tag);
    }

    private void ParseDataset(DicomDataset dataset, int end, bool undefinedLengthItem, int depth, bool metaOnly)
    {
        if (depth > MaxDepth)
        {
            DicomThrowHelper.ThrowInvalid(_path, $"sequences are nested more than {MaxDepth} deep; the file is corrupt", _pos);
        }

        while (!_stopped)
        {
            if (_pos >= end)
            {
                if (undefinedLengthItem)
                {
                    if (_bufferIsPartial)
                    {
                        throw new DicomNeedMoreDataException();
                    }

                    DicomThrowHelper.ThrowInvalid(_path, "an item of undefined length has no item delimitation item (FFFE,E00D) before the end of the data; the file is truncated or corrupt", _pos);
                }

                return;
            }

            if (depth == 0 && !metaOnly && IsPadding(_pos, Math.Min(end, _pos + 8)))
            {
                // No element has tag (0000,0000) in a dataset: zeros here are trailing padding (some writers leave
                // megabytes of it), which dcmtk and pydicom also take as the end of the dataset.
                int garbage = _buffer.Span[_pos..end].IndexOfAnyExcept((byte)0);
                if (garbage >= 0)
                {
                    DicomThrowHelper.ThrowInvalid(_path, string.Create(CultureInfo.InvariantCulture, $"non-zero bytes at byte {_pos + garbage:N0} follow {garbage:N0} zero bytes after the last element; the dataset is corrupt"), _pos);
                }

                _pos = end;
                return;
            }

            Require(4, end, null, "a data element tag");
            if (metaOnly && BinaryPrimitives.ReadUInt16LittleEndian(_buffer.Span[_pos..]) != 0x0002)
            {
                return;
            }

            long elementOffset = _pos;
            var tag = new DicomTag(ReadU16(_pos), ReadU16(_pos + 2));

            if (tag.Group == 0xFFFE)
            {
                Require(8, end, tag, "an item delimiter");
                _pos += 8;
                if (tag.Element == 0xE00D)
                {
                    if (undefinedLengthItem)
                    {
                        return;
                    }

                    continue; // a stray item delimiter in a defined-length item: harmless, skip it
                }

                if (tag.Element == 0xE0DD && depth == 0)
                {
                    continue; // a stray sequence delimiter at top level: harmless, skip it
                }

                DicomThrowHelper.ThrowInvalid(_path, "found an item tag outside a sequence; the dataset is corrupt", elementOffset, tag);
            }

            DicomVR vr;
            uint length;
            if (_explicitVR)
            {
                Require(8, end, tag, "a data element header");
                ushort code = (ushort)((_buffer.Span[_pos + 4] << 8) | _buffer.Span[_pos + 5]);
                if (!DicomVRExtensions.IsKnown(code))
                {
                    DicomThrowHelper.ThrowInvalid(
                        _path,
                        string.Create(CultureInfo.InvariantCulture, $"expected a value representation but found bytes 0x{_buffer.Span[_pos + 4]:X2} 0x{_buffer.Span[_pos + 5]:X2}; the dataset is corrupt or not in the declared transfer syntax"),
                        elementOffset,
                        tag);
                }

                vr = (DicomVR)code;
                if (vr.HasLongLength())
                {
                    Require(12, end, tag, "a data element header");
                    length = ReadU32(_pos + 8);
                    _pos += 12;
                }
                else
                {
                    length = ReadU16(_pos + 6);
                    _pos += 8;
                }
            }
            else
            {
                Require(8, end, tag, "a data element header");
                length = ReadU32(_pos + 4);
                vr = DicomDictionary.ImplicitVR(tag);
                _pos += 8;
            }

            bool isPixelData = depth == 0 && tag.Group == 0x7FE0 && tag.Element is 0x0008 or 0x0009 or 0x0010;
            if (isPixelData && _headerOnly)
            {
                // Stop here: record where the pixel data is and how long it says it is.
                if (length != UndefinedLength && _pos + (long)length > _fileLength)
                {
                    DicomThrowHelper.ThrowTruncated(_path, elementOffset, tag, length, _fileLength - _pos);
                }

                dataset.Add(new DicomElement(tag, vr, ReadOnlyMemory<byte>.Empty, elementOffset, _littleEndian) { DeclaredLength = length == UndefinedLength ? -1 : length });
                _stopped = true;
                return;
            }

            if (isPixelData && length == UndefinedLength)
            {
                dataset.Add(ParseFragments(tag, vr, elementOffset, end));
                continue;
            }

            if (vr == DicomVR.SQ || (length == UndefinedLength && (vr == DicomVR.UN || !_explicitVR)))
            {
                dataset.Add(ParseSequence(tag, vr, length, elementOffset, end, depth));
                continue;
            }

            if (length == UndefinedLength)
            {
                DicomThrowHelper.ThrowInvalid(_path, $"a {vr} element has undefined length, which only sequences and encapsulated pixel data may have", elementOffset, tag);
            }

            Require(length, end, tag, "the element value");
            dataset.Add(new DicomElement(tag, vr, _buffer.Slice(_pos, (int)length), elementOffset, _littleEndian) { DeclaredLength = length });
            _pos += (int)length;
        }
    }

    private bool IsPadding(int pos, int end) => !_buffer.Span[pos..end].ContainsAnyExcept((byte)0);

    private DicomElement ParseSequence(DicomTag tag, DicomVR vr, uint length, long elementOffset, int end, int depth)
    {
        bool undefined = length == UndefinedLength;
        int sequenceEnd = end;
        if (!undefined)
        {
            Require(length, end, tag, "the sequence");
            sequenceEnd = _pos + (int)length;
        }

        // PS3.5 §6.2.2: a UN element of undefined length holds a sequence encoded in implicit VR little endian.
        bool savedExplicit = _explicitVR;
        bool savedLittle = _littleEndian;
        if (vr == DicomVR.UN)
        {
            _explicitVR = false;
            _littleEndian = true;
        }

        var items = new List<DicomDataset>();
        while (true)
        {
            if (!undefined && _pos >= sequenceEnd)
            {
                break;
            }

            if (undefined && _pos + 8 > sequenceEnd)
            {
                if (_bufferIsPartial)
                {
                    throw new DicomNeedMoreDataException();
                }

                DicomThrowHelper.ThrowInvalid(_path, "a sequence of undefined length has no sequence delimitation item (FFFE,E0DD) before the end of the data; the file is truncated or corrupt", elementOffset, tag);
            }

            Require(8, sequenceEnd, tag, "a sequence item header");
            var itemTag = new DicomTag(ReadU16(_pos), ReadU16(_pos + 2));
            uint itemLength = ReadU32(_pos + 4);
            long itemOffset = _pos;
            _pos += 8;
            if (itemTag == DicomTags.SequenceDelimitationItem)
            {
                break;
            }

            if (itemTag != DicomTags.Item)
            {
                DicomThrowHelper.ThrowInvalid(_path, $"expected an item tag (FFFE,E000) in the sequence but found {itemTag}; the sequence is corrupt", itemOffset, tag);
            }

            var item = new DicomDataset(_path);
            if (itemLength == UndefinedLength)
            {
                ParseDataset(item, sequenceEnd, undefinedLengthItem: true, depth + 1, metaOnly: false);
            }
            else
            {
                Require(itemLength, sequenceEnd, tag, "a sequence item");
                int itemEnd = _pos + (int)itemLength;
                ParseDataset(item, itemEnd, undefinedLengthItem: false, depth + 1, metaOnly: false);
                _pos = itemEnd;
            }

            items.Add(item);
        }

        _explicitVR = savedExplicit;
        _littleEndian = savedLittle;
        return new DicomElement(tag, vr == DicomVR.UN ? DicomVR.SQ : vr, ReadOnlyMemory<byte>.Empty, elementOffset, _littleEndian)
        {
            Items = items,
            DeclaredLength = undefined ? -1 : length,
        };
    }

    private DicomElement ParseFragments(DicomTag tag, DicomVR vr, long elementOffset, int end)
    {
        var fragments = new List<ReadOnlyMemory<byte>>();
        var offsets = new List<long>();
        while (true)
        {
            if (_pos + 8 > end)
            {
                if (_bufferIsPartial)
                {
                    throw new DicomNeedMoreDataException();
                }

                DicomThrowHelper.ThrowInvalid(_path, "the encapsulated pixel data has no sequence delimitation item (FFFE,E0DD) before the end of the file; the file is truncated", _pos, tag);
            }

            var itemTag = new DicomTag(ReadU16(_pos), ReadU16(_pos + 2));
            uint itemLength = ReadU32(_pos + 4);
            long itemOffset = _pos;
            _pos += 8;
            if (itemTag == DicomTags.SequenceDelimitationItem)
            {
                break;
            }

            if (itemTag != DicomTags.Item || itemLength == UndefinedLength)
            {
                DicomThrowHelper.ThrowInvalid(_path, $"expected a pixel data fragment (FFFE,E000) of defined length but found {itemTag} with length 0x{itemLength:X8}; the encapsulated pixel data is corrupt", itemOffset, tag);
            }

            Require(itemLength, end, tag, "a pixel data fragment");
            fragments.Add(_buffer.Slice(_pos, (int)itemLength));
            offsets.Add(_pos);
            _pos += (int)itemLength;
        }

        if (fragments.Count == 0)
        {
            DicomThrowHelper.ThrowInvalid(_path, "the encapsulated pixel data has no Basic Offset Table item (PS3.5 §A.4 requires one, possibly empty)", elementOffset, tag);
        }

        return new DicomElement(tag, vr, ReadOnlyMemory<byte>.Empty, elementOffset, _littleEndian)
        {
            Fragments = fragments,
            FragmentOffsets = offsets,
            DeclaredLength = -1,
        };
    }
}

/// <summary>Raised by a header-only parse that ran out of a buffer holding only the start of the file.</summary>
internal sealed class DicomNeedMoreDataException : Exception
{
    public DicomNeedMoreDataException(bool wholeFile = false)
        : base("The buffer ends before the DICOM header does.")
    {
        WholeFile = wholeFile;
    }

    public DicomNeedMoreDataException()
        : this(false)
    {
    }

    public DicomNeedMoreDataException(string message)
        : base(message)
    {
    }

    public DicomNeedMoreDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The whole file is needed (a deflated dataset).</summary>
    public bool WholeFile { get; }
}
