using System.Text.Json;
using H3deMl.Tensors.Serialization;
using H3deMl.Trainers.Import;

namespace H3deMl.Trainers.Tests.Import;

/// <summary>
/// The torch.save reader on tensors of every floating dtype, non-contiguous views (transposed, sliced, strided,
/// expanded with stride 0), storage offsets, scalars, empty tensors and nn.Parameter, against the values PyTorch wrote
/// into Fixtures/views.json.
/// </summary>
public sealed class TorchCheckpointTests
{
    public static TheoryData<string> Views => new()
    {
        "contiguous", "transposed", "column_slice", "offset_rows", "strided", "float64", "float16", "bfloat16", "scalar",
        "empty", "parameter", "expanded",
    };

    private static JsonElement Expected(string name) =>
        JsonDocument.Parse(File.ReadAllText(ImportFixtures.File("views.json"))).RootElement.GetProperty("tensors").GetProperty(name);

    [Theory]
    [MemberData(nameof(Views))]
    public void Materialise_View_MatchesPyTorchValues(string name)
    {
        using var checkpoint = TorchCheckpoint.Open(ImportFixtures.File("views.ckpt"));
        var root = Assert.IsType<PickleDict>(checkpoint.Root);
        Assert.True(root.TryGet(name, out var value));
        var tensor = checkpoint.Materialise(Assert.IsType<TorchTensorRef>(value), name);

        var expected = Expected(name);
        Assert.Equal(expected.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()), tensor.Shape.ToArray());
        var values = expected.GetProperty("values").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
        Assert.Equal(values, tensor.ToArray());
    }

    [Fact]
    public void Open_ViewsSharingAStorage_ShareOneStorageRecord()
    {
        using var checkpoint = TorchCheckpoint.Open(ImportFixtures.File("views.ckpt"));
        var root = Assert.IsType<PickleDict>(checkpoint.Root);
        root.TryGet("contiguous", out var a);
        root.TryGet("transposed", out var b);
        Assert.Same(((TorchTensorRef)a!).Storage, ((TorchTensorRef)b!).Storage);
        root.TryGet("offset_rows", out var c);
        Assert.Equal(6, ((TorchTensorRef)c!).Offset);
    }

    [Fact]
    public void Open_PickleProtocol4_ReadsTensorsSetsAndBytes()
    {
        using var checkpoint = TorchCheckpoint.Open(ImportFixtures.File("protocol4.ckpt"));
        var root = Assert.IsType<PickleDict>(checkpoint.Root);
        Assert.True(root.TryGet("w", out var w));
        Assert.Equal([1.5f, -2f, 0.25f, 8f], checkpoint.Materialise(Assert.IsType<TorchTensorRef>(w), "w").ToArray());
        Assert.True(root.TryGet("s", out var s));
        Assert.Equal([1L, 2L], Assert.IsType<PickleSet>(s).Items.Cast<long>().Order());
        Assert.True(root.TryGet("f", out var f));
        Assert.Equal([3L], Assert.IsType<PickleSet>(f).Items.Cast<long>());
        Assert.True(root.TryGet("b", out var b));
        Assert.Equal("xy"u8.ToArray(), Assert.IsType<byte[]>(b));
    }

    [Theory]
    [InlineData("f32", new[] { 1.5f, -2f, 3.25f })]
    [InlineData("f64", new[] { 0.125f, -7.5f })]
    [InlineData("f16", new[] { 0.5f, -1.75f })]
    public void Materialise_BigEndianStorages_SwapsBytes(string name, float[] expected)
    {
        using var checkpoint = TorchCheckpoint.Open(ImportFixtures.File("byteorder_big.ckpt"));
        ((PickleDict)checkpoint.Root!).TryGet(name, out var value);
        Assert.Equal(expected, checkpoint.Materialise(Assert.IsType<TorchTensorRef>(value), name).ToArray());
    }

    [Fact]
    public void Materialise_IntegerTensor_ThrowsNamingTheTensor()
    {
        var path = ImportFixtures.File("views.ckpt");
        using var checkpoint = TorchCheckpoint.Open(path);
        ((PickleDict)checkpoint.Root!).TryGet("int64", out var value);
        var e = Assert.Throws<ModelFormatException>(() => checkpoint.Materialise((TorchTensorRef)value!, "int64"));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("tensor 'int64' holds Int64 values", e.Message);
    }
}
