using System.Globalization;
using System.Text;
using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.IO.Nrrd;

/// <summary>A parsed NRRD header: the fields we interpret, and every key/value pair.</summary>
internal sealed class NrrdHeader
{
    /// <summary>Longest header we accept before giving up on finding its end.</summary>
    public const int MaxHeaderBytes = 16 << 20;

    public required string Path { get; init; }

    /// <summary>Field values by lower-case field name (the NRRD spec's field names are case-sensitive lower case; we are lenient).</summary>
    public Dictionary<string, string> Fields { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Key/value pairs (<c>key:=value</c>), in file order.</summary>
    public List<KeyValuePair<string, string>> KeyValues { get; } = [];

    /// <summary>Lines after a "data file: LIST" field.</summary>
    public List<string> TrailingDataFiles { get; } = [];

    /// <summary>Bytes from the start of the file to the first data byte (attached data), including the blank line.</summary>
    public long HeaderBytes { get; set; }

    public VolumeElementType ElementType { get; set; }

    public string TypeName { get; set; } = "";

    public long[] Sizes { get; set; } = [];

    public string Encoding { get; set; } = "raw";

    public bool BigEndian { get; set; }

    public static NrrdHeader Parse(string path, Stream stream)
    {
        byte[] bytes = ReadHeaderBytes(path, stream, out int headerLength, out int textLength);
        var header = new NrrdHeader { Path = path, HeaderBytes = headerLength };
        string text = System.Text.Encoding.UTF8.GetString(bytes, 0, textLength);
        string[] lines = text.Split('\n');
        string magic = lines[0].TrimEnd('\r');
        if (!magic.StartsWith("NRRD000", StringComparison.Ordinal) || magic.Length != 8 || !char.IsAsciiDigit(magic[7]))
        {
            NrrdThrowHelper.ThrowBadMagic(path, magic.Length > 16 ? magic[..16] : magic);
        }

        bool afterList = false;
        for (int n = 1; n < lines.Length; n++)
        {
            string line = lines[n].TrimEnd('\r');
            if (afterList)
            {
                if (line.Length > 0)
                {
                    header.TrailingDataFiles.Add(line);
                }

                continue;
            }

            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            int kv = line.IndexOf(":=", StringComparison.Ordinal);
            int colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (kv >= 0 && (colon < 0 || kv < colon))
            {
                header.KeyValues.Add(new(Unescape(line[..kv]), Unescape(line[(kv + 2)..]).Trim()));
                continue;
            }

            if (colon < 0)
            {
                // "field:" followed by nothing is tolerated as an empty value.
                if (line.EndsWith(':'))
                {
                    colon = line.Length - 1;
                }
                else
                {
                    NrrdThrowHelper.ThrowBadField(path, line, line, "a line of the form 'field: value' or 'key:=value'");
                }
            }

            string field = line[..colon].Trim();
            string value = colon + 2 <= line.Length ? line[(colon + 2)..].Trim() : "";
            header.Fields[field] = value;
            if (field.Equals("data file", StringComparison.OrdinalIgnoreCase) || field.Equals("datafile", StringComparison.OrdinalIgnoreCase))
            {
                afterList = value.StartsWith("LIST", StringComparison.Ordinal);
            }
        }

        header.Interpret();
        return header;
    }

    public string? Field(params string[] names)
    {
        foreach (string name in names)
        {
            if (Fields.TryGetValue(name, out string? v))
            {
                return v;
            }
        }

        return null;
    }

    private void Interpret()
    {
        string type = Field("type") ?? NrrdThrowHelper.ThrowMissingFieldRet(Path, "type");
        TypeName = type;
        ElementType = ParseType(type);
        string dimText = Field("dimension") ?? NrrdThrowHelper.ThrowMissingFieldRet(Path, "dimension");
        if (!int.TryParse(dimText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int dim) || dim < 1 || dim > 16)
        {
            NrrdThrowHelper.ThrowBadField(Path, "dimension", dimText, "an integer from 1 to 16");
        }

        string sizesText = Field("sizes") ?? NrrdThrowHelper.ThrowMissingFieldRet(Path, "sizes");
        string[] parts = sizesText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != dim)
        {
            NrrdThrowHelper.ThrowBadField(Path, "sizes", sizesText, $"{dim} sizes (the dimension)");
        }

        Sizes = new long[dim];
        for (int a = 0; a < dim; a++)
        {
            if (!long.TryParse(parts[a], NumberStyles.Integer, CultureInfo.InvariantCulture, out long s) || s < 1)
            {
                NrrdThrowHelper.ThrowBadField(Path, "sizes", sizesText, "positive integers");
            }

            Sizes[a] = s;
        }

        Encoding = (Field("encoding") ?? NrrdThrowHelper.ThrowMissingFieldRet(Path, "encoding")).ToLowerInvariant();
        string? endian = Field("endian");
        if (endian is not null)
        {
            BigEndian = endian.ToLowerInvariant() switch
            {
                "little" => false,
                "big" => true,
                _ => NrrdThrowHelper.ThrowBadFieldRet<bool>(Path, "endian", endian, "'little' or 'big'"),
            };
        }
        else if (ElementType.SizeInBytes() > 1 && Encoding is not ("ascii" or "txt" or "text"))
        {
            NrrdThrowHelper.ThrowMissingField(Path, "endian");
        }
    }

    private VolumeElementType ParseType(string type) => type.Trim().ToLowerInvariant() switch
    {
        "signed char" or "int8" or "int8_t" => VolumeElementType.Int8,
        "uchar" or "unsigned char" or "uint8" or "uint8_t" => VolumeElementType.UInt8,
        "short" or "short int" or "signed short" or "signed short int" or "int16" or "int16_t" => VolumeElementType.Int16,
        "ushort" or "unsigned short" or "unsigned short int" or "uint16" or "uint16_t" => VolumeElementType.UInt16,
        "int" or "signed int" or "int32" or "int32_t" => VolumeElementType.Int32,
        "uint" or "unsigned int" or "uint32" or "uint32_t" => VolumeElementType.UInt32,
        "longlong" or "long long" or "long long int" or "signed long long" or "signed long long int" or "int64" or "int64_t" => VolumeElementType.Int64,
        "ulonglong" or "unsigned long long" or "unsigned long long int" or "uint64" or "uint64_t" => VolumeElementType.UInt64,
        "float" => VolumeElementType.Float32,
        "double" => VolumeElementType.Float64,
        "block" => NrrdThrowHelper.ThrowUnsupportedRet<VolumeElementType>(Path, "type", type, "opaque 'block' elements have no numeric value."),
        _ => NrrdThrowHelper.ThrowBadFieldRet<VolumeElementType>(Path, "type", type, "a NRRD element type such as 'short', 'unsigned char' or 'float'"),
    };

    /// <summary>Parses a vector "(x,y,z)" or "none".</summary>
    public Vector3d? ParseVector(string field, string text, int expected)
    {
        text = text.Trim();
        if (text == "none")
        {
            return null;
        }

        if (!text.StartsWith('(') || !text.EndsWith(')'))
        {
            NrrdThrowHelper.ThrowBadField(Path, field, text, "a vector such as (1,0,0) or none");
        }

        string[] parts = text[1..^1].Split(',');
        if (parts.Length != expected)
        {
            NrrdThrowHelper.ThrowBadField(Path, field, text, $"a vector of {expected} numbers");
        }

        var v = new double[3];
        for (int n = 0; n < expected; n++)
        {
            if (!double.TryParse(parts[n], NumberStyles.Float, CultureInfo.InvariantCulture, out v[n]) || !double.IsFinite(v[n]))
            {
                NrrdThrowHelper.ThrowBadField(Path, field, text, "finite numbers");
            }
        }

        return new Vector3d(v[0], v[1], v[2]);
    }

    /// <summary>Splits a field holding one vector or "none" per axis.</summary>
    public static List<string> SplitVectors(string text)
    {
        var result = new List<string>();
        int n = 0;
        while (n < text.Length)
        {
            if (char.IsWhiteSpace(text[n]))
            {
                n++;
                continue;
            }

            int end = text[n] == '(' ? text.IndexOf(')', n) : text.IndexOfAny([' ', '\t'], n);
            end = end < 0 ? text.Length - 1 : (text[n] == '(' ? end : end - 1);
            result.Add(text[n..(end + 1)]);
            n = end + 1;
        }

        return result;
    }

    private static string Unescape(string s) => s.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    private static byte[] ReadHeaderBytes(string path, Stream stream, out int headerLength, out int textLength)
    {
        var buffer = new byte[Math.Min(MaxHeaderBytes, 64 * 1024)];
        int filled = 0;
        int scanFrom = 0;
        while (true)
        {
            if (filled == buffer.Length)
            {
                if (buffer.Length >= MaxHeaderBytes)
                {
                    NrrdThrowHelper.ThrowHeaderTooLong(path, MaxHeaderBytes);
                }

                Array.Resize(ref buffer, Math.Min(MaxHeaderBytes, buffer.Length * 4));
            }

            int got = stream.Read(buffer, filled, buffer.Length - filled);
            filled += got;

            // A blank line ends the header: "\n\n" or "\n\r\n".
            for (int n = Math.Max(1, scanFrom); n < filled; n++)
            {
                if (buffer[n] != '\n')
                {
                    continue;
                }

                if (buffer[n - 1] == '\n')
                {
                    textLength = n - 1;
                    headerLength = n + 1;
                    return buffer;
                }

                if (n >= 2 && buffer[n - 1] == '\r' && buffer[n - 2] == '\n')
                {
                    textLength = n - 2;
                    headerLength = n + 1;
                    return buffer;
                }
            }

            scanFrom = Math.Max(1, filled - 2);
            if (got == 0)
            {
                // End of file without a blank line: a detached header (the data is in another file).
                CheckLooksLikeText(path, buffer, filled);
                textLength = filled;
                headerLength = filled;
                return buffer;
            }

            if (filled >= 8)
            {
                CheckLooksLikeText(path, buffer, Math.Min(filled, 8));
            }
        }
    }

    private static void CheckLooksLikeText(string path, byte[] buffer, int length)
    {
        int magicLength = Math.Min(length, 8);
        string magic = System.Text.Encoding.ASCII.GetString(buffer, 0, magicLength);
        if (!magic.StartsWith("NRRD", StringComparison.Ordinal))
        {
            var shown = new StringBuilder();
            foreach (char c in magic)
            {
                shown.Append(c is >= ' ' and <= '~' ? c : '.');
            }

            NrrdThrowHelper.ThrowBadMagic(path, shown.ToString());
        }
    }
}
