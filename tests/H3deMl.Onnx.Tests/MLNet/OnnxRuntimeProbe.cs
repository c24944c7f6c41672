using Microsoft.ML.OnnxRuntime;

namespace H3deMl.Onnx.Tests.MLNet;

/// <summary>Whether ONNX Runtime's native library loads on this machine (it ships in the Microsoft.ML.OnnxRuntime package
/// for linux-x64, glibc ≥ 2.27); the reason when it does not.</summary>
internal static class OnnxRuntimeProbe
{
    private static readonly Lazy<string?> Failure = new(() =>
    {
        try
        {
            string version = OrtEnv.Instance().GetVersionString();
            return string.IsNullOrEmpty(version) ? "ONNX Runtime loaded but reports no version." : null;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException or EntryPointNotFoundException or OnnxRuntimeException)
        {
            return $"ONNX Runtime's native library does not load here: {e.GetType().Name}: {e.GetBaseException().Message}";
        }
    });

    /// <summary>Null when ONNX Runtime runs; else why not.</summary>
    public static string? SkipReason => Failure.Value;
}

/// <summary>A fact that needs ONNX Runtime's native library; skipped with the load error when it is missing.</summary>
public sealed class OnnxRuntimeFactAttribute : FactAttribute
{
    /// <summary>Skips when the native library does not load.</summary>
    public OnnxRuntimeFactAttribute()
    {
        if (OnnxRuntimeProbe.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
