namespace H3deMl.Tensors;

/// <summary>
/// Counters of the tensor buffers rented inside <see cref="TensorScope"/>s (activations and backward temporaries;
/// parameters and gradients of leaves are not counted): bytes in use now, their peak, and the bytes that recorded
/// operations keep for the backward pass. For measuring how much memory a pass holds against what it strictly needs.
/// </summary>
/// <remarks>Process-wide; meaningful when one thread runs passes at a time.</remarks>
public static class TensorMemory
{
    private static long s_live;
    private static long s_peak;
    private static long s_saved;
    private static long s_peakSaved;

    /// <summary>Bytes of scope-rented tensor buffers in use now.</summary>
    public static long LiveBytes => Interlocked.Read(ref s_live);

    /// <summary>The highest <see cref="LiveBytes"/> since the last <see cref="ResetPeak"/>.</summary>
    public static long PeakLiveBytes => Interlocked.Read(ref s_peak);

    /// <summary>Bytes of scope-rented buffers that recorded operations keep for the backward pass now.</summary>
    public static long SavedBytes => Interlocked.Read(ref s_saved);

    /// <summary>The highest <see cref="SavedBytes"/> since the last <see cref="ResetPeak"/>.</summary>
    public static long PeakSavedBytes => Interlocked.Read(ref s_peakSaved);

    /// <summary>Bytes of idle buffers kept by the tensor pool for reuse.</summary>
    public static long PooledBytes => TensorPool.Shared.IdleBytes();

    /// <summary>Starts a new peak measurement from the current values.</summary>
    public static void ResetPeak()
    {
        Interlocked.Exchange(ref s_peak, LiveBytes);
        Interlocked.Exchange(ref s_peakSaved, SavedBytes);
    }

    internal static void OnRent(int length)
    {
        var now = Interlocked.Add(ref s_live, 4L * length);
        Max(ref s_peak, now);
    }

    internal static void OnReturn(int length, bool stillSaved)
    {
        Interlocked.Add(ref s_live, -4L * length);
        if (stillSaved) Interlocked.Add(ref s_saved, -4L * length);
    }

    internal static void OnSaved(int length, bool saved)
    {
        var now = Interlocked.Add(ref s_saved, saved ? 4L * length : -4L * length);
        if (saved) Max(ref s_peakSaved, now);
    }

    private static void Max(ref long target, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
