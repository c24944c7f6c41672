using System.Globalization;
using H3deMl.Core.Geometry;

namespace H3deMl.Core.IO;

/// <summary>Small helpers shared by the writers.</summary>
internal static class VolumeWriting
{
    public static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static string Vec(Vector3d v) => $"({R(v.X)},{R(v.Y)},{R(v.Z)})";

    /// <summary>Writes to a temporary file beside the target and moves it into place, so a failed write leaves no half file.</summary>
    public static void WriteAtomically(string path, Action<Stream> write, CancellationToken cancellationToken)
    {
        string full = Path.GetFullPath(path);
        string temp = full + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(file);
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
