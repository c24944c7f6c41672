using H3deMl.TestKit;
namespace H3deMl.Cli.Tests.Commands;

/// <summary>
/// The documented exit codes for every command: 1 for bad input with one line on stderr naming the file and the
/// problem (no stack trace), 2 for usage errors. Each case builds its bad file in a fresh folder ({dir}).
/// </summary>
public sealed class BadInputContractTests
{
    public static TheoryData<string, int, string, string[]> Cases() => new()
    {
        { "synth-into-a-file", 1, "afile", ["synth", "{dir}/afile", "--count", "1"] },
        { "synth-bad-format", 2, "--format", ["synth", "{dir}/out", "--format", "png"] },
        { "train-missing-data", 1, "nothing-here", ["train", "--train", "{dir}/nothing-here", "--out", "{dir}/m.zip"] },
        { "train-corrupt-resume", 1, "junk.ckpt", ["train", "--train", "{dir}", "--out", "{dir}/m.zip", "--resume", "{dir}/junk.ckpt"] },
        { "train-unknown-option", 2, "--bogus", ["train", "--train", "{dir}", "--out", "{dir}/m.zip", "--bogus"] },
        { "evaluate-corrupt-model", 1, "junk.zip", ["evaluate", "--model", "{dir}/junk.zip", "--data", "{dir}"] },
        { "evaluate-missing-data", 1, "no-data", ["evaluate", "--model", "{dir}/junk.zip", "--data", "{dir}/no-data"] },
        { "predict-missing-model", 1, "absent.zip", ["predict", "--model", "{dir}/absent.zip", "{dir}/scan.nii.gz"] },
        { "predict-corrupt-model", 1, "junk.zip", ["predict", "--model", "{dir}/junk.zip", "{dir}/scan.nii.gz"] },
        { "predict-no-scan", 2, "scan", ["predict", "--model", "{dir}/junk.zip"] },
        { "inspect-truncated", 1, "broken.nrrd", ["inspect", "{dir}/broken.nrrd"] },
        { "inspect-missing", 1, "absent.nii.gz", ["inspect", "{dir}/absent.nii.gz"] },
        { "convert-truncated", 1, "broken.nrrd", ["convert", "{dir}/broken.nrrd", "{dir}/out.nii.gz"] },
        { "convert-bad-landmarks", 1, "bad.mrk.json", ["convert", "{dir}/bad.mrk.json", "{dir}/out.fcsv"] },
        { "import-missing", 1, "absent.ckpt", ["import-checkpoint", "{dir}/absent.ckpt", "--out", "{dir}/m.zip"] },
        { "import-not-a-checkpoint", 1, "junk.ckpt", ["import-checkpoint", "{dir}/junk.ckpt", "--out", "{dir}/m.zip"] },
        { "import-bad-windows", 2, "--windows", ["import-checkpoint", "{dir}/junk.ckpt", "--out", "{dir}/m.zip", "--windows", "2,2"] },
        { "unknown-command", 2, "frobnicate", ["frobnicate"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadInput_ExitsWithTheDocumentedCode_AndOneLineNamingTheProblem(string name, int expectedCode, string named, string[] args)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "afile"), "");
        File.WriteAllText(Path.Combine(dir.Path, "junk.zip"), "this is not a zip");
        File.WriteAllText(Path.Combine(dir.Path, "junk.ckpt"), "this is not a checkpoint");
        File.WriteAllText(Path.Combine(dir.Path, "bad.mrk.json"), "{ \"markups\": [ { \"controlPoints\": ");
        File.WriteAllText(Path.Combine(dir.Path, "broken.nrrd"), "NRRD0004\ntype: short\ndimension: 3\nsizes: 10 10 10\nendian: little\nencoding: raw\n\nshort");

        (int code, _, string error) = CliRunner.Run([.. args.Select(a => a.Replace("{dir}", dir.Path, StringComparison.Ordinal))]);

        Assert.True(code == expectedCode, $"{name}: exit {code}, expected {expectedCode}; stderr: {error}");
        string line = Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("h3de: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
    }
}
