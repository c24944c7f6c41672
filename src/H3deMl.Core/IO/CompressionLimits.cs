namespace H3deMl.Core.IO;

/// <summary>Sanity limits that let a reader reject absurd header sizes before allocating.</summary>
internal static class CompressionLimits
{
    /// <summary>The most bytes a deflate stream can expand one compressed byte into is 1032; bzip2 can reach far more on
    /// runs, so it gets a looser bound. Plus a megabyte of slack for headers and tiny files.</summary>
    public static bool CanHold(long compressedBytes, long uncompressedBytes, bool isBzip2 = false)
    {
        long factor = isBzip2 ? 50_000 : 1032;
        if (compressedBytes > long.MaxValue / factor)
        {
            return true;
        }

        return uncompressedBytes <= (compressedBytes * factor) + (1 << 20);
    }
}
