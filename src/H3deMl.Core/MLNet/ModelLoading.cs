using Microsoft.ML.Runtime;

namespace H3deMl.Core.MLNet;

/// <summary>Turns every way a damaged model entry can fail while an H3deMl component loads (a truncated entry, a
/// corrupt compressed stream, malformed options) into ML.NET's decode error, which ML.NET passes to the caller as it
/// is, naming the component (other exceptions would surface wrapped in reflection's TargetInvocationException).</summary>
internal static class ModelLoading
{
    public static T Guard<T>(IHostEnvironment env, string component, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or InvalidDataException or FormatException or ArgumentException or OverflowException
            || (e is InvalidOperationException && !e.IsMarked()))
        {
            throw env.ExceptDecode(e, $"{component}: the model entry is damaged ({e.Message}).");
        }
    }
}
