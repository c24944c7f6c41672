using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Registration;
using H3deMl.Core.Volumes;
using H3deMl.Trainers.Registration;
using Microsoft.ML;
using Xunit.Abstractions;

namespace H3deMl.Trainers.Tests.Registration;

public sealed class ScratchDebug(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1, 40)]
    [InlineData(3, 179)]
    public void Debug(int seed, double degrees)
    {
        var ml = new MLContext(seed: 3);
        IDataView train = ml.Data.GeneratePhantoms(5, seed: 3, RegistrationKit.Phantom);
        TemplateRegistrationModel model = ml.Landmarks.Trainers.TemplateRegistration(RegistrationKit.Options()).Fit(train);
        (Volume volume, LandmarkSet truth) = RegistrationKit.RotatedPhantom(seed, degrees);
        Vector3d[] surface = BoneSurface.Extract(volume, model.Options.Surface);
        var scan = new PointCloudIndex(surface);
        var r = SurfaceRegistration.Align(model.Templates.Reference.Surface, scan, model.Options.Registration);
        output.WriteLine($"ref: {r.TrimmedRmsMm:F3} {r.Transform}");
        foreach (var t in model.Templates.Templates)
        {
            var icp = SurfaceRegistration.Icp(t.Surface, scan, t.ToReference.Then(r.Transform), model.Options.Registration);
            var full = SurfaceRegistration.Align(t.Surface, scan, model.Options.Registration);
            double[] e = [.. Enumerable.Range(0, 13).Where(l => t.Has(l) && truth[l].IsPresent).Select(l => Vector3d.Distance(icp.Transform.Apply(t.Landmarks[l]), truth[l].PositionLps))];
            double[] e2 = [.. Enumerable.Range(0, 13).Where(l => t.Has(l) && truth[l].IsPresent).Select(l => Vector3d.Distance(full.Transform.Apply(t.Landmarks[l]), truth[l].PositionLps))];
            output.WriteLine($"template: icp rms {icp.TrimmedRmsMm:F3} it {icp.Iterations} MRE {e.Average():F3}; align rms {full.TrimmedRmsMm:F3} MRE {e2.Average():F3}");
        }
    }
}
