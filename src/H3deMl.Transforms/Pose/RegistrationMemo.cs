using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using H3deMl.Core.Data;
using H3deMl.Core.Registration;
using H3deMl.Core.Volumes;

namespace H3deMl.Transforms.Pose;

/// <summary>Remembers each scan's registration for the life of a transformer, so that training, which reads every scan
/// once per epoch, registers it once: scans on disk are keyed by path, size and modification time, scans in memory by
/// the volume object. Registration is deterministic, so remembering changes no result.</summary>
internal sealed class RegistrationMemo
{
    private readonly ConcurrentDictionary<string, SimilarityTransform> _byFile = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<Volume, StrongBox<SimilarityTransform>> _byVolume = [];

    public SimilarityTransform GetOrAdd(ScanRow row, Volume volume, Func<SimilarityTransform> register)
    {
        if (row.Source.ImagePath is { Length: > 0 } path && File.Exists(path))
        {
            var info = new FileInfo(path);
            return _byFile.GetOrAdd($"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}", _ => register());
        }

        return _byVolume.GetValue(volume, _ => new StrongBox<SimilarityTransform>(register())).Value;
    }
}
