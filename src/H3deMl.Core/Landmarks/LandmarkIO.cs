using H3deMl.Core.Geometry;

namespace H3deMl.Core.Landmarks;

/// <summary>Chooses a landmark reader or writer from a path.</summary>
internal static class LandmarkIO
{
    public static LandmarkSet Read(string path, VolumeGeometry? geometry)
    {
        ArgumentNullException.ThrowIfNull(path);
        _ = geometry;
        throw new NotImplementedException();
    }

    public static void Write(LandmarkSet set, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        _ = set;
        throw new NotImplementedException();
    }
}
