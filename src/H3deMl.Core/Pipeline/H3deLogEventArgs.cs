namespace H3deMl.Core.Pipeline;

/// <summary>A log message raised through <see cref="H3deContext.Log"/>.</summary>
public sealed class H3deLogEventArgs : EventArgs
{
    /// <summary>Creates a message.</summary>
    /// <param name="level">The importance.</param>
    /// <param name="source">The component that raised it (e.g. "RandomCrop", "Data.LoadFromDirectory").</param>
    /// <param name="message">The text.</param>
    public H3deLogEventArgs(H3deLogLevel level, string source, string message)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(message);
        Level = level;
        Source = source;
        Message = message;
    }

    /// <summary>The importance.</summary>
    public H3deLogLevel Level { get; }

    /// <summary>The component that raised the message.</summary>
    public string Source { get; }

    /// <summary>The text.</summary>
    public string Message { get; }

    /// <inheritdoc/>
    public override string ToString() => $"[{Level}] {Source}: {Message}";
}
