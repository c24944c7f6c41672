using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using H3deMl.Tensors.NN;
using H3deMl.Tensors.NN.Layers;
using H3deMl.Tensors.Randomness;
using H3deMl.Tensors.Serialization;

namespace H3deMl.Tensors.Tests.Serialization;

public sealed class SafetensorsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("h3de-safetensors-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    private static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Serialization", "Fixtures", name);

    [Fact]
    public void WriteRead_SpecialValues_RoundTripBitExact()
    {
        var a = Tensor.FromArray([0f, -0f, float.NaN, BitConverter.Int32BitsToSingle(0x7FC00123), float.PositiveInfinity, float.Epsilon, -3.4028235e38f, 1.1754942e-38f], 2, 4);
        var b = Tensor.FromArray([1.5f], 1);
        var scalar = Tensor.Scalar(7f);
        var empty = Tensor.Zeros(0, 3);
        var permuted = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3).Permute(1, 0);
        var input = new OrderedDictionary<string, Tensor> { ["z.last"] = a, ["a.first"] = b, ["scalar"] = scalar, ["empty"] = empty, ["permuted"] = permuted };
        var path = PathOf("round.safetensors");
        SafetensorsWriter.Write(path, input, new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode \"quoted\"" });

        var content = SafetensorsReader.Read(path);
        Assert.Equal(input.Keys, content.Tensors.Keys);
        foreach (var (name, t) in input)
        {
            Assert.Equal(t.Shape.ToArray(), content.Tensors[name].Shape.ToArray());
            Assert.Equal(t.ToArray().Select(BitConverter.SingleToInt32Bits), content.Tensors[name].ToArray().Select(BitConverter.SingleToInt32Bits));
        }
        Assert.Equal("ünïcode \"quoted\"", content.Metadata["note"]);
        Assert.Equal(path, content.Source);

        // Layout: 8 + N is a multiple of 8, padding is spaces, and the same input gives the same bytes.
        var bytes = File.ReadAllBytes(path);
        var n = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + n) % 8);
        var header = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.StartsWith("{\"__metadata__\":{\"format\":\"pt\"", header);
        Assert.Equal(header.TrimEnd(' ').Length + (header.Length - header.TrimEnd(' ').Length), header.Length);
        using (var doc = JsonDocument.Parse(header))
            Assert.Equal("[0,32]", doc.RootElement.GetProperty("z.last").GetProperty("data_offsets").GetRawText());
        var again = new MemoryStream();
        SafetensorsWriter.Write(again, input, new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode \"quoted\"" });
        Assert.Equal(bytes, again.ToArray());
    }

    [Fact]
    public void Read_PythonWrittenFixture_ValuesShapesMetadataAndOrder()
    {
        var content = SafetensorsReader.Read(FixturePath("reference.safetensors"));
        using var expected = JsonDocument.Parse(File.ReadAllBytes(FixturePath("reference.json")));
        var order = expected.RootElement.GetProperty("order").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(order, content.Tensors.Keys); // data order, not the header's (alphabetical) order
        foreach (var t in expected.RootElement.GetProperty("tensors").EnumerateObject())
        {
            var actual = content.Tensors[t.Name];
            Assert.Equal(t.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()), actual.Shape.ToArray());
            var values = t.Value.GetProperty("values").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
            Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), actual.ToArray().Select(BitConverter.SingleToInt32Bits));
        }
        Assert.Equal("pt", content.Metadata["format"]);
        Assert.Equal(2, content.Metadata.Count);
    }

    [Fact]
    public void Read_NonSeekableStream_SameAsFile()
    {
        var bytes = File.ReadAllBytes(FixturePath("reference.safetensors"));
        var content = SafetensorsReader.Read(new ForwardOnlyStream(bytes), "weights.safetensors");
        Assert.Equal(7, content.Tensors.Count);
        var ex = Assert.Throws<ModelFormatException>(() => SafetensorsReader.Read(new ForwardOnlyStream(bytes[..^3]), "weights.safetensors"));
        Assert.Equal("weights.safetensors", ex.FilePath);
        Assert.Contains("truncated", ex.Message);
        var trailing = Assert.Throws<ModelFormatException>(() => SafetensorsReader.Read(new ForwardOnlyStream([.. bytes, 0]), "w"));
        Assert.Contains("belong to no tensor", trailing.Message);
    }

    /// <summary>A valid two-tensor file as header text and data, for making corrupt variants.</summary>
    private const string GoodHeader = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[8,16]}}";

    private static byte[] Build(string header, int dataBytes = 16, long? declaredLength = null)
    {
        var h = Encoding.UTF8.GetBytes(header);
        var file = new byte[8 + h.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)(declaredLength ?? h.Length));
        h.CopyTo(file, 8);
        return file;
    }

    public static TheoryData<string, string, string?, string> CorruptCases => new()
    {
        // case, expected message fragment, expected Field, file bytes as a recipe name
        { "truncated", "truncated", "data_offsets", "truncated" },
        { "header length beyond file", "only", "header length", "long-header" },
        { "too short for length", "too short", "header length", "tiny" },
        { "overlapping offsets", "overlap 'a'", "data_offsets", "overlap" },
        { "gap between tensors", "belong to no tensor", "data_offsets", "gap" },
        { "trailing bytes", "trailing bytes", "data_offsets", "trailing" },
        { "shape/offset mismatch", "span 12 bytes", "data_offsets", "mismatch" },
        { "bad JSON", "not valid JSON", "header", "bad-json" },
        { "duplicate key", "names 'a' twice", "a", "duplicate" },
        { "unsupported dtype", "dtype I64, which we do not read", "a", "int64" },
        { "unknown dtype", "does not define", "dtype", "unknown-dtype" },
        { "negative shape", "shape entry -2", "shape", "negative-shape" },
        { "not an object", "does not start with", "header", "array" },
        { "metadata not strings", "metadata values must be strings", "__metadata__", "metadata-number" },
        { "absurd header length", "outside the valid range", "header length", "huge-header" },
        { "invalid UTF-8 in header", "not valid UTF-8 (bad byte 0xFF", "header", "bad-utf8" },
        { "fractional shape", "shape entry 2.5", "shape", "fractional-shape" },
        { "offsets past 2^63", "data offset", "data_offsets", "huge-offset" },
    };

    private static byte[] Recipe(string name) => name switch
    {
        "truncated" => Build(GoodHeader)[..^3],
        "long-header" => Build(GoodHeader, declaredLength: Encoding.UTF8.GetByteCount(GoodHeader) + 100)[..^0],
        "tiny" => [1, 2, 3],
        "overlap" => Build(GoodHeader.Replace("[8,16]", "[4,12]"), 12),
        "gap" => Build(GoodHeader.Replace("[8,16]", "[12,20]"), 20),
        "trailing" => Build(GoodHeader, 20),
        "mismatch" => Build(GoodHeader.Replace("\"shape\":[1,2],\"data_offsets\":[8,16]", "\"shape\":[1,2],\"data_offsets\":[8,20]"), 20),
        "bad-json" => Build(GoodHeader[..^1] + ",}"),
        "duplicate" => Build(GoodHeader.Replace("\"b\":", "\"a\":")),
        "int64" => Build(GoodHeader.Replace("\"F32\",\"shape\":[2]", "\"I64\",\"shape\":[1]")),
        "unknown-dtype" => Build(GoodHeader.Replace("\"F32\",\"shape\":[2]", "\"F99\",\"shape\":[2]")),
        "negative-shape" => Build(GoodHeader.Replace("[2]", "[-2]")),
        "array" => Build("[" + GoodHeader + "]"),
        "metadata-number" => Build("{\"__metadata__\":{\"epoch\":3}," + GoodHeader[1..]),
        "huge-header" => Build(GoodHeader, declaredLength: 1L << 40),
        "bad-utf8" => BadUtf8(),
        "fractional-shape" => Build(GoodHeader.Replace("[2]", "[2.5]")),
        "huge-offset" => Build(GoodHeader.Replace("[8,16]", "[8,18446744073709551615]")),
        _ => throw new ArgumentException(name),
    };

    private static byte[] BadUtf8()
    {
        var file = Build(GoodHeader.Replace("\"b\"", "\"\u00e9\""));
        var at = Array.IndexOf(file, (byte)0xC3);
        file[at] = 0xFF; // not a UTF-8 lead byte
        return file;
    }

    [Theory]
    [MemberData(nameof(CorruptCases))]
    public void Read_CorruptFile_ThrowsModelFormatExceptionNamingFile(string @case, string fragment, string? field, string recipe)
    {
        var path = PathOf(recipe + ".safetensors");
        File.WriteAllBytes(path, Recipe(recipe));
        var ex = Assert.Throws<ModelFormatException>(() => SafetensorsReader.Read(path));
        Assert.Equal(path, ex.FilePath);
        Assert.StartsWith(path + ": ", ex.Message);
        Assert.True(ex.Message.Contains(fragment, StringComparison.Ordinal), $"{@case}: '{ex.Message}' should contain '{fragment}'");
        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void Read_GoodRecipe_Succeeds()
    {
        // The corrupt variants differ from this valid file in one place each.
        var content = SafetensorsReader.Read(new MemoryStream(Build(GoodHeader)), "good");
        Assert.Equal(["a", "b"], content.Tensors.Keys);
        Assert.Empty(content.Metadata);
    }

    [Fact]
    public void Write_InvalidNames_Throw()
    {
        var t = Tensor.Zeros(1);
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(new MemoryStream(), [new("", t)]));
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(new MemoryStream(), [new("__metadata__", t)]));
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(new MemoryStream(), [new("x", t), new("x", t)]));
    }

    [Fact]
    public void ModuleSaveLoad_RoundTrip_BitIdenticalParameters()
    {
        var r = new RandomStream(5);
        var a = new Sequential(new Conv3dLayer(2, 3, 3, r, padding: 1), new LeakyReluLayer(), new Conv3dLayer(3, 2, 1, r, useBias: false));
        var path = PathOf("model.safetensors");
        a.SaveSafetensors(path, new Dictionary<string, string> { ["epoch"] = "3" });
        var b = new Sequential(new Conv3dLayer(2, 3, 3, r, padding: 1), new LeakyReluLayer(), new Conv3dLayer(3, 2, 1, r, useBias: false));
        Assert.True(b.LoadSafetensors(path).IsExactMatch);
        foreach (var ((_, pa), (_, pb)) in a.NamedParameters().Zip(b.NamedParameters()))
            Assert.Equal(pa.Value.ToArray(), pb.Value.ToArray());
        Assert.Equal(["0.weight", "0.bias", "2.weight"], SafetensorsReader.Read(path).Tensors.Keys);
        Assert.Equal("3", SafetensorsReader.Read(path).Metadata["epoch"]);

        var other = new Sequential(new Conv3dLayer(2, 4, 3, r, padding: 1));
        var ex = Assert.Throws<StateDictMismatchException>(() => other.LoadSafetensors(path));
        Assert.Equal(path, ex.FilePath);
        Assert.StartsWith(path + ":", ex.Message);
        Assert.Equal(["2.weight"], ex.UnexpectedKeys);
        Assert.Equal(2, ex.MismatchedShapes.Count);

        var ms = new MemoryStream();
        a.SaveSafetensors(ms);
        ms.Position = 0;
        Assert.True(b.LoadSafetensors(ms, sourceName: "entry").IsExactMatch);
    }

    /// <summary>A read-only stream that cannot seek, like a zip entry's.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private int _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            // Return short reads on purpose, as network and zip streams may.
            var n = Math.Min(Math.Min(count, 7), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
