using System.Globalization;
using static H3deMl.Evaluators.Tests.Data.EvaluationData;

namespace H3deMl.Evaluators.Tests.Metrics;

public sealed class LandmarkDetectionMetricsOutputTests
{
    [Fact]
    public void WriteCasesCsv_WritesHeaderAndOneRowPerCase()
    {
        LandmarkDetectionMetrics m = Evaluate(ThreeErrors());
        var writer = new StringWriter();

        m.WriteCasesCsv(writer);

        Assert.Equal(
            "case,landmarks,mre_mm,sd_mm,sdr_2mm,sdr_2.5mm,sdr_3mm,sdr_4mm,tp,fp,tn,fn\n" +
            $"A,2,2,{Math.Sqrt(2).ToString("R", CultureInfo.InvariantCulture)},0.5,0.5,1,1,2,0,0,0\n" +
            "B,1,4,,0,0,0,1,1,0,0,1\n",
            writer.ToString());
    }

    [Fact]
    public void WriteLandmarksCsv_WritesHeaderAndOneRowPerLandmark()
    {
        LandmarkDetectionMetrics m = Evaluate(ThreeErrors());
        var writer = new StringWriter();

        m.WriteLandmarksCsv(writer);

        string[] lines = writer.ToString().Split('\n');
        Assert.Equal("landmark,count,mre_mm,sd_mm,sdr_2mm,sdr_2.5mm,sdr_3mm,sdr_4mm,tp,fp,tn,fn,precision,recall,f1", lines[0]);
        Assert.Equal($"n1,2,2.5,{Math.Sqrt(4.5).ToString("R", CultureInfo.InvariantCulture)},0.5,0.5,0.5,1,2,0,0,0,1,1,1", lines[1]);
        Assert.Equal("n2,1,3,,0,0,1,1,1,0,0,1,1,0.5," + (2.0 / 3).ToString("R", CultureInfo.InvariantCulture), lines[2]);
        Assert.Equal(string.Empty, lines[3]);
    }

    [Fact]
    public void WriteErrorsCsv_WritesOneRowPerMeasuredInstance()
    {
        LandmarkDetectionMetrics m = Evaluate(ThreeErrors());
        var writer = new StringWriter();

        m.WriteErrorsCsv(writer);

        string[] lines = writer.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("case,landmark,truth_x,", lines[0], StringComparison.Ordinal);
        Assert.Equal("A,n2,10,10,10,10,13,10,3,0,3,0,0,3,0,true,0.75", lines[2]);
    }

    [Fact]
    public void WriteCsv_QuotesFieldsWithCommasAndIgnoresTheCurrentCulture()
    {
        CultureInfo previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            LandmarkDetectionMetrics m = Evaluate([Case("a,\"b\"", [Present("x", 0, 0, 0)], [Present("x", 0, 0, 1.5)])]);
            var writer = new StringWriter();

            m.WriteCasesCsv(writer);

            Assert.Equal("\"a,\"\"b\"\"\",1,1.5,,1,1,1,1,1,0,0,0", writer.ToString().Split('\n')[1]);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void WriteCsv_ToPath_WritesTheSameText()
    {
        LandmarkDetectionMetrics m = Evaluate(ThreeErrors());
        string path = Path.Combine(Path.GetTempPath(), $"h3de-eval-{Guid.NewGuid():N}", "landmarks.csv");
        try
        {
            m.WriteLandmarksCsv(path);
            var writer = new StringWriter();
            m.WriteLandmarksCsv(writer);

            Assert.Equal(writer.ToString(), File.ReadAllText(path));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void ToString_ShowsOverallFiguresAndOneRowPerLandmark()
    {
        LandmarkDetectionMetrics m = Evaluate(ThreeErrors());

        string text = m.ToString();
        string[] lines = text.Split(Environment.NewLine);

        Assert.Equal("Landmark evaluation: 2 cases, 3 landmarks measured", lines[0]);
        Assert.Equal("  MRE per case      3.00 ± 1.41 mm", lines[1]);
        Assert.Equal("  MRE per landmark  2.67 ± 1.53 mm", lines[2]);
        Assert.Equal("  SDR               ≤2 mm 33.3 %   ≤2.5 mm 33.3 %   ≤3 mm 66.7 %   ≤4 mm 100.0 %", lines[3]);
        Assert.Equal("  Presence          precision 1.000, recall 0.750, F1 0.857 (TP 3, FP 0, TN 0, FN 1)", lines[4]);
        Assert.StartsWith("landmark     n  MRE mm   SD mm", lines[6], StringComparison.Ordinal);
        Assert.Equal("n1           2    2.50    2.12   50.0 %   50.0 %   50.0 %  100.0 %     2     0     0     0", lines[8]);
        Assert.Equal("n2           1    3.00     n/a    0.0 %    0.0 %  100.0 %  100.0 %     1     0     0     1", lines[9]);
        Assert.All(lines.Skip(6).Where(l => l.Length > 0), l => Assert.Equal(lines[6].Length, l.Length));
    }
}
