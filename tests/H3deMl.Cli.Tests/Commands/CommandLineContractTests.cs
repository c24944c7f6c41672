using H3deMl.TestKit;
using System.CommandLine;
using System.Text;

namespace H3deMl.Cli.Tests.Commands;

/// <summary>Exit codes, messages, help texts and Ctrl+C behaviour of the commands.</summary>
public sealed class CommandLineContractTests
{
    public static TheoryData<string> CommandNames()
    {
        var data = new TheoryData<string>();
        foreach (Command c in CliApp.CreateRoot(TextWriter.Null, TextWriter.Null).Subcommands)
        {
            data.Add(c.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void Help_OfEveryCommand_ShowsAnExampleLine(string name)
    {
        (int code, string output, _) = CliRunner.Run(name, "--help");

        Assert.Equal(0, code);
        Assert.Contains("Examples:", output, StringComparison.Ordinal);
        Assert.Contains($"  h3de {name} ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_CoversTheNewCommands()
    {
        var names = CliApp.CreateRoot(TextWriter.Null, TextWriter.Null).Subcommands.Select(c => c.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "train", "evaluate", "predict", "inspect", "convert", "synth", "import-checkpoint" }, names);
    }

    [Theory]
    [InlineData("train", "--out", "m.zip")]
    [InlineData("train", "--train", "data", "--out", "m.zip", "--head", "sideways")]
    [InlineData("train", "--train", "data", "--out", "m.zip", "--crop", "64,64")]
    [InlineData("train", "--train", "data", "--out", "m.zip", "--window", "5,1")]
    [InlineData("train", "--train", "data", "--out", "m.txt")]
    [InlineData("evaluate", "--model", "m.zip")]
    [InlineData("evaluate", "--model", "m.zip", "--data", "d", "--report", "r.pdf")]
    [InlineData("predict", "--model", "m.zip")]
    [InlineData("predict", "--model", "m.zip", "--raw", "in.npy")]
    [InlineData("predict", "--model", "m.zip", "scan.nii.gz", "--format", "docx")]
    [InlineData("predict", "--model", "m.zip", "scan.nii.gz", "--bogus")]
    public void UsageErrors_ExitWithCode2(params string[] args)
    {
        (int code, _, string error) = CliRunner.Run(args);

        Assert.Equal(2, code);
        Assert.StartsWith("h3de: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingModel_IsBadInputNamingTheFile()
    {
        using var dir = new TempDirectory();
        string model = Path.Combine(dir.Path, "absent.zip");

        (int code, _, string error) = CliRunner.Run("predict", "--model", model, "scan.nii.gz");

        Assert.Equal(1, code);
        Assert.Contains("absent.zip", error, StringComparison.Ordinal);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptModel_IsBadInputNamingTheFile()
    {
        using var dir = new TempDirectory();
        string model = Path.Combine(dir.Path, "junk.zip");
        File.WriteAllText(model, "this is not a zip");

        (int code, _, string error) = CliRunner.Run("evaluate", "--model", model, "--data", dir.Path);

        Assert.Equal(1, code);
        Assert.Contains("junk.zip", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingTrainingFolder_IsBadInputNamingIt()
    {
        using var dir = new TempDirectory();
        string data = Path.Combine(dir.Path, "nothing-here");

        (int code, _, string error) = CliRunner.Run("train", "--train", data, "--out", Path.Combine(dir.Path, "m.zip"));

        Assert.Equal(1, code);
        Assert.Contains("nothing-here", error, StringComparison.Ordinal);
    }

    [Fact]
    public void CtrlC_WritesCheckpoint_PrintsResumeCommand_Exits130_AndResumeFinishes()
    {
        using var dir = new TempDirectory();
        string data = Path.Combine(dir.Path, "phantoms");
        Assert.Equal(0, CliRunner.Run("synth", data, "--count", "2", "--size", "32,32,32", "--seed", "9").ExitCode);
        string model = Path.Combine(dir.Path, "m.zip");
        string[] args = ["train", "--train", data, "--out", model, "--config", "small", "--crop", "32,32,32", "--epochs", "1", "--batch", "1", "--head", "heatmap"];
        using var ctrlC = new CancellationTokenSource();
        var output = new CancelOnText("batch 1/2", ctrlC);
        var error = new StringWriter();

        int code = CliApp.Run(args, output, error, ctrlC.Token);

        Assert.Equal(130, code);
        Assert.False(File.Exists(model));
        string checkpoint = Path.Combine(dir.Path, "m.checkpoints", "last.ckpt");
        Assert.True(File.Exists(checkpoint), error.ToString());
        string resumeLine = error.ToString().Split('\n').Single(l => l.TrimStart().StartsWith("h3de train ", StringComparison.Ordinal)).Trim();
        Assert.EndsWith("--resume " + checkpoint, resumeLine, StringComparison.Ordinal);

        // The printed command (paths here have no characters that need quoting) resumes with the second batch.
        (int resumedCode, string resumedOutput, string resumedError) = CliRunner.Run(resumeLine.Split(' ')[1..]);

        Assert.True(resumedCode == 0, resumedError);
        Assert.DoesNotContain("batch 1/2", resumedOutput, StringComparison.Ordinal);
        Assert.Contains("batch 2/2", resumedOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(model));
    }

    /// <summary>Captures output and cancels (as Ctrl+C would) once a given text has been written.</summary>
    private sealed class CancelOnText(string text, CancellationTokenSource source) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.Contains(text, StringComparison.Ordinal))
            {
                source.Cancel();
            }
        }

        public override Encoding Encoding => Encoding.UTF8;
    }
}
