using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;
using H3deMl.Evaluators.Reports;
using H3deMl.Evaluators.Reports.Imaging;

namespace H3deMl.Evaluators.Tests.Reports;

public sealed class SliceViewTests
{
    /// <summary>An oblique, anisotropic volume with a bright Gaussian blob (σ = 2 mm, peak 1000) at <see cref="BlobLps"/>
    /// (smooth, so that trilinear sampling does not shift it).</summary>
    internal static Volume ObliqueVolumeWithBlob()
    {
        double c = Math.Cos(0.4), s = Math.Sin(0.4);
        var direction = new Matrix3d(c, 0, s, 0, 1, 0, -s, 0, c); // rotated about P
        var geometry = new VolumeGeometry(new VolumeSize(48, 30, 24), new Vector3d(0.6, 1.1, 1.7), new Vector3d(-12, 4, -9), direction);
        var voxels = new float[geometry.Size.VoxelCount];
        int n = 0;
        for (int k = 0; k < 24; k++)
        {
            for (int j = 0; j < 30; j++)
            {
                for (int i = 0; i < 48; i++)
                {
                    double d = Vector3d.Distance(geometry.IndexToWorld(new Vector3d(i, j, k)), BlobLps);
                    voxels[n++] = (float)(1000 * Math.Exp(-d * d / 8));
                }
            }
        }

        return new Volume(voxels, geometry, VolumeElementType.Float32);
    }

    internal static Vector3d BlobLps => new(2, 20, 4);

    [Theory]
    [InlineData((int)SlicePlane.Axial)]
    [InlineData((int)SlicePlane.Coronal)]
    [InlineData((int)SlicePlane.Sagittal)]
    public void Render_BlobAppearsWhereTheWorldPointProjects(int planeCode)
    {
        var plane = (SlicePlane)planeCode;
        Volume volume = ObliqueVolumeWithBlob();

        SliceView view = SliceView.Render(volume, plane, BlobLps, 128, null, new IntensityWindow(0, 1000));

        // The centroid of the pixels above half the peak (a disc of radius 2√(2 ln 2) mm) is the blob's centre, wherever
        // the geometry put it on screen.
        double sx = 0, sy = 0, count = 0;
        for (int y = 0; y < view.Image.Height; y++)
        {
            for (int x = 0; x < view.Image.Width; x++)
            {
                if (view.Image[x, y] is > 125 and < ReportPalette.GreyLevels)
                {
                    (sx, sy, count) = (sx + x + 0.5, sy + y + 0.5, count + 1);
                }
            }
        }

        (double px, double py, double depth) = view.ToPixel(BlobLps);
        double radiusPixels = 2 * Math.Sqrt(2 * Math.Log(2)) / view.PixelMm;
        Assert.InRange(count, 0.8 * Math.PI * radiusPixels * radiusPixels, 1.2 * Math.PI * radiusPixels * radiusPixels);
        Assert.InRange(sx / count, px - 0.25, px + 0.25);
        Assert.InRange(sy / count, py - 0.25, py + 0.25);
        Assert.Equal(0, depth, 9);
    }

    [Fact]
    public void Render_AnisotropicSpacing_KeepsTheTrueAspectRatio()
    {
        var geometry = new VolumeGeometry(new VolumeSize(40, 20, 10), new Vector3d(0.5, 1, 4), Vector3d.Zero, Matrix3d.Identity);
        var volume = new Volume(new float[8000], geometry, VolumeElementType.Float32);
        var centre = new Vector3d(10, 10, 20);

        SliceView axial = SliceView.Render(volume, SlicePlane.Axial, centre, 200, null, new IntensityWindow(0, 1));
        SliceView coronal = SliceView.Render(volume, SlicePlane.Coronal, centre, 200, null, new IntensityWindow(0, 1));

        // 20 × 20 mm in the axial plane, 20 mm (L) × 40 mm (S) in the coronal plane.
        Assert.Equal((200, 200), (axial.Image.Width, axial.Image.Height));
        Assert.Equal((100, 200), (coronal.Image.Width, coronal.Image.Height));
        Assert.Equal(0.2, coronal.PixelMm, 12);
    }

    [Fact]
    public void Render_FieldOfView_CentresOnThePointAndShowsOutsideAsBackground()
    {
        Volume volume = ObliqueVolumeWithBlob();

        SliceView view = SliceView.Render(volume, SlicePlane.Axial, BlobLps, 100, 200, new IntensityWindow(0, 1000));

        Assert.Equal((100, 100), (view.Image.Width, view.Image.Height));
        (double px, double py, _) = view.ToPixel(BlobLps);
        Assert.Equal((50.0, 50.0), (Math.Round(px, 9), Math.Round(py, 9)));
        Assert.Equal(ReportPalette.Outside, view.Image[0, 0]);
        Assert.InRange(view.Image[49, 49], 180, ReportPalette.GreyLevels - 1); // 1.4 mm from the peak: 1000·e^(−2/8) ≈ 779
    }

    [Fact]
    public void RenderView_DrawsTheTruthRingAndPredictionCrossAtTheirPixels()
    {
        Volume volume = ObliqueVolumeWithBlob();
        Vector3d predicted = BlobLps + new Vector3d(4, -3, 0.5);

        HtmlReportWriter.RenderedView view = HtmlReportWriter.RenderView(volume, new IntensityWindow(0, 1000), SlicePlane.Axial, BlobLps, predicted, 192, null);
        PngTestDecoder.Image image = PngTestDecoder.Decode(view.Png);

        // Truth ring (radius 6 px): on the ring in truth green, inside it the image (the blob), not a mark.
        (double tx, double ty) = view.TruthPixel;
        Assert.Equal(ReportPalette.Truth, image.Index((int)(tx + 6), (int)ty));
        Assert.Equal(ReportPalette.Truth, image.Index((int)tx, (int)(ty - 6)));
        Assert.True(image.Index((int)tx, (int)ty) < ReportPalette.GreyLevels, "The ring's centre should show the image.");
        // Prediction cross: its centre pixel, and the projection is 4 mm along L (columns) and −3 mm along P (rows).
        (double px, double py) = view.PredictionPixel;
        Assert.Equal(ReportPalette.Prediction, image.Index((int)px, (int)py));
        double pixelMm = SliceView.Render(volume, SlicePlane.Axial, BlobLps, 192, null, new IntensityWindow(0, 1000)).PixelMm;
        Assert.Equal(4 / pixelMm, px - tx, 6);
        Assert.Equal(-3 / pixelMm, py - ty, 6);
        Assert.Equal(0.5, view.PredictionDepthMm, 9);
        Assert.Equal((0x22, 0xDD, 0x22), ((int)image.Rgb((int)(tx + 6), (int)ty).R, (int)image.Rgb((int)(tx + 6), (int)ty).G, (int)image.Rgb((int)(tx + 6), (int)ty).B));
    }

    [Fact]
    public void RenderView_WithoutTruth_CentresOnThePredictionAndDrawsOnlyTheCross()
    {
        Volume volume = ObliqueVolumeWithBlob();

        HtmlReportWriter.RenderedView view = HtmlReportWriter.RenderView(volume, new IntensityWindow(0, 1000), SlicePlane.Coronal, null, BlobLps, 100, 40);
        PngTestDecoder.Image image = PngTestDecoder.Decode(view.Png);

        Assert.Equal((50.0, 50.0), (Math.Round(view.PredictionPixel.X, 9), Math.Round(view.PredictionPixel.Y, 9)));
        Assert.Equal(ReportPalette.Prediction, image.Index(50, 50));
        Assert.DoesNotContain(ReportPalette.Truth, image.Samples);
    }
}
