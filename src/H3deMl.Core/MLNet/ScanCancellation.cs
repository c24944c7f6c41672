namespace H3deMl.Core.MLNet;

/// <summary>The cancellation token that scan steps honour while rows are computed: set by whoever drives the cursors
/// (a trainer, an evaluation) for the work it starts, including tasks it starts (the value flows with the execution context).</summary>
internal static class ScanCancellation
{
    private static readonly AsyncLocal<CancellationToken> Ambient = new();

    public static CancellationToken Current => Ambient.Value;

    /// <summary>Makes <paramref name="token"/> current until the returned scope is disposed.</summary>
    public static Scope Use(CancellationToken token)
    {
        CancellationToken previous = Ambient.Value;
        Ambient.Value = token;
        return new Scope(previous);
    }

    /// <summary>Restores the previous token.</summary>
    internal readonly struct Scope(CancellationToken previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
