using H3deMl.Core.Volumes;

namespace H3deMl.Core.IO;

/// <summary>Chooses a volume reader or writer from a path's content and extension.</summary>
internal static class VolumeIO
{
    public static Volume Read(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        cancellationToken.ThrowIfCancellationRequested();
        throw new NotImplementedException();
    }

    public static Task<Volume> ReadAsync(string path, CancellationToken cancellationToken) => Task.FromResult(Read(path, cancellationToken));

    public static void Write(Volume volume, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        _ = volume;
        cancellationToken.ThrowIfCancellationRequested();
        throw new NotImplementedException();
    }

    public static Task WriteAsync(Volume volume, string path, CancellationToken cancellationToken)
    {
        Write(volume, path, cancellationToken);
        return Task.CompletedTask;
    }
}
