using H3deMl.Tensors.Serialization;
using H3deMl.Trainers.Import;
using H3deMl.Trainers.Network;

namespace H3deMl.Trainers.Tests.Import;

/// <summary>
/// A checkpoint is untrusted input: malicious and broken files (Fixtures/hostile, hand-written by the generator) each
/// fail with a <see cref="ModelFormatException"/> naming the file and the problem, run nothing, and never escape as
/// IndexOutOfRange, OutOfMemory or another unrelated exception.
/// </summary>
public sealed class ImportHostileTests
{
    private const string Marker = "/tmp/h3de_import_pwned";

    public static TheoryData<string, string> Cases => new()
    {
        { "os_system.ckpt", "names the Python global 'os.system'" },
        { "builtins_eval.ckpt", "names the Python global 'builtins.eval'" },
        { "reduce_storage_class.ckpt", "'torch.FloatStorage' is not callable" },
        { "reduce_string.ckpt", "REDUCE applies a str" },
        { "inst_opcode.ckpt", "opcode 0x69 ('i') is not part of what torch.save writes" },
        { "truncated.ckpt", "the file is truncated" },
        { "missing_storage.ckpt", "storage '7' has no record 'archive/data/7'" },
        { "shape_exceeds_storage.ckpt", "a tensor of shape [3, 3] (offset 0, strides [3, 1]) reaches element 8 of storage '0', which holds 4 elements" },
        { "absurd_storage_count.ckpt", "storage '0' declares 1,099,511,627,776 Float32 elements" },
        { "absurd_shape.ckpt", "a tensor has size 1099511627776 along dimension 0" },
        { "absurd_string.ckpt", "a value needs 4,294,967,295 bytes but only 4 remain" },
        { "deep_nesting.ckpt", "nests deeper than 256 levels" },
        { "bad_memo.ckpt", "memo entry 5, which was never stored" },
        { "not_a_checkpoint.ckpt", "not a zip archive" },
        { "legacy_format.ckpt", "legacy (pre-1.6) format" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Import_HostileFile_ThrowsModelFormatExceptionNamingFileAndProblem(string file, string problem)
    {
        var path = Path.Combine(ImportFixtures.Folder, "hostile", file);
        var e = Record.Exception(() => H3deNet.ImportPyTorchCheckpoint(path, ImportFixtures.Tiny(H3deHead.Both)));

        var format = Assert.IsType<ModelFormatException>(e);
        Assert.Equal(path, format.FilePath);
        Assert.StartsWith(path + ":", format.Message);
        Assert.Contains(problem, format.Message);
        Assert.False(File.Exists(Marker), "a hostile pickle ran code");
    }

    [Fact]
    public void Import_GlobalOutsideAllowList_NamesTheGlobalInField()
    {
        var path = Path.Combine(ImportFixtures.Folder, "hostile", "os_system.ckpt");
        var e = Assert.Throws<ModelFormatException>(() => H3deNet.ImportPyTorchCheckpoint(path));
        Assert.Equal("os.system", e.Field);
        Assert.Equal(2, e.Offset);
    }

    [Fact]
    public void Open_SmallPickleLimit_RefusesBeforeReading()
    {
        var path = ImportFixtures.File("tiny_bare.ckpt");
        var e = Assert.Throws<ModelFormatException>(() => TorchCheckpoint.Open(path, new CheckpointLimits { MaxPickleBytes = 100 }));
        Assert.Contains("more than the 100 allowed", e.Message);
    }

    [Fact]
    public void Open_SmallMemoLimit_Refuses()
    {
        var path = ImportFixtures.File("tiny_bare.ckpt");
        var e = Assert.Throws<ModelFormatException>(() => TorchCheckpoint.Open(path, new CheckpointLimits { MaxMemoEntries = 10 }));
        Assert.Contains("more than 10 memo entries", e.Message);
    }

    [Fact]
    public void Import_TensorAboveElementLimit_RefusedBeforeAllocating()
    {
        var path = ImportFixtures.File("tiny_bare.ckpt");
        var e = Assert.Throws<ModelFormatException>(() =>
            H3deNetCheckpointImport.Import(path, ImportFixtures.Tiny(H3deHead.Both), null, new CheckpointLimits { MaxTensorElements = 100 }));
        Assert.Contains("more than the 100", e.Message);
    }

    [Fact]
    public void AllowList_IsExactlyTheDocumentedNames()
    {
        Assert.Equal(
            [
                "__builtin__.frozenset", "__builtin__.set", "argparse.Namespace", "builtins.frozenset", "builtins.set",
                "collections.OrderedDict", "torch.BFloat16Storage", "torch.BoolStorage", "torch.ByteStorage",
                "torch.CharStorage", "torch.DoubleStorage", "torch.FloatStorage", "torch.HalfStorage", "torch.IntStorage",
                "torch.LongStorage", "torch.ShortStorage", "torch._utils._rebuild_parameter",
                "torch._utils._rebuild_parameter_with_state", "torch._utils._rebuild_tensor_v2",
            ],
            RestrictedUnpickler.AllowedGlobals.Order(StringComparer.Ordinal));
    }
}
