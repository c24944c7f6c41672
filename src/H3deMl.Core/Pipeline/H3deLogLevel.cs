namespace H3deMl.Core.Pipeline;

/// <summary>The importance of a log message raised through <see cref="H3deContext.Log"/>.</summary>
public enum H3deLogLevel
{
    /// <summary>Normal progress information (the default).</summary>
    Information = 0,

    /// <summary>Details useful when debugging a pipeline.</summary>
    Trace,

    /// <summary>Something suspicious that does not stop the work (e.g. a header disagreeing with a sidecar file).</summary>
    Warning,

    /// <summary>A failure that is also reported by an exception.</summary>
    Error,
}
