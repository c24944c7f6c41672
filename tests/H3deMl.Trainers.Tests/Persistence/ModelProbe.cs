using System.Diagnostics;
using System.Reflection;

namespace H3deMl.Trainers.Tests.Persistence;

/// <summary>Runs tests/H3deMl.ModelProbe (built with this project; its path is recorded in the assembly metadata) in a
/// child process: it loads a model zip with a plain <c>new MLContext().Model.Load</c> and prints one line per scan.</summary>
internal static class ModelProbe
{
    private static string Path => typeof(ModelProbe).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "H3deMlModelProbe").Value
        ?? throw new InvalidOperationException("The test assembly does not record where H3deMl.ModelProbe was built.");

    /// <summary>Predicts in-memory phantoms (as <c>ml.Data.GeneratePhantoms(count, seed, size³)</c>) with the model.</summary>
    public static string[] PredictPhantoms(string modelPath, int count, int seed, int size) =>
        Run(modelPath, "phantoms", count.ToString(), seed.ToString(), size.ToString());

    /// <summary>Predicts scan files with the model.</summary>
    public static string[] PredictFiles(string modelPath, params string[] scans) => Run([modelPath, "files", .. scans]);

    private static string[] Run(params string[] args)
    {
        Assert.True(File.Exists(Path), $"H3deMl.ModelProbe is not built at {Path}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path);
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "H3deMl.ModelProbe did not finish within 2 minutes");
        Assert.True(process.ExitCode == 0, $"H3deMl.ModelProbe exited with {process.ExitCode}:\n{error.Result}\n{output}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
