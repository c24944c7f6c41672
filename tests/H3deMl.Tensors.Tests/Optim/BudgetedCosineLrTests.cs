using H3deMl.Tensors.Optim;
using H3deMl.Tensors.Optim.Schedules;

namespace H3deMl.Tensors.Tests.Optim;

/// <summary>Cosine annealing over whichever ends first, epochs or time: without a budget it equals
/// <see cref="CosineLr"/>; with one, the rate follows the elapsed fraction and reaches the minimum at the budget.</summary>
public sealed class BudgetedCosineLrTests
{
    [Fact]
    public void NoBudget_EqualsCosineLr()
    {
        var a = Optimizer();
        var b = Optimizer();
        var budgeted = new BudgetedCosineLr(a, 10, 0.05, null, () => TimeSpan.Zero);
        var cosine = new CosineLr(b, new CosineLrOptions { Epochs = 10, MinimumLearningRate = 0.05 });
        for (int e = 0; e < 12; e++)
        {
            Assert.Equal(b.LearningRate, a.LearningRate, 1e-15);
            budgeted.Step();
            cosine.Step();
        }
    }

    [Fact]
    public void Budget_FollowsElapsedFraction_EndsAtMinimum()
    {
        var elapsed = TimeSpan.Zero;
        var optimizer = Optimizer();
        var schedule = new BudgetedCosineLr(optimizer, 1000, 0.1, TimeSpan.FromMinutes(10), () => elapsed);
        Assert.Equal(1.0, optimizer.LearningRate);

        elapsed = TimeSpan.FromMinutes(5);
        schedule.Step();
        Assert.Equal(0.1 + (0.9 * 0.5), optimizer.LearningRate, 1e-12);
        Assert.Equal(0.5, schedule.Progress(1), 12);

        elapsed = TimeSpan.FromMinutes(11);
        schedule.Step();
        Assert.Equal(0.1, optimizer.LearningRate, 1e-12);
    }

    [Fact]
    public void EpochsEndFirst_EpochFractionWins()
    {
        var optimizer = Optimizer();
        var schedule = new BudgetedCosineLr(optimizer, 4, 0, TimeSpan.FromHours(1), () => TimeSpan.FromSeconds(1));
        schedule.Step();
        schedule.Step();
        Assert.Equal(0.5, optimizer.LearningRate, 1e-12);
    }

    [Fact]
    public void BadArguments_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BudgetedCosineLr(Optimizer(), 0, 0, null, () => TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BudgetedCosineLr(Optimizer(), 5, -1, null, () => TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BudgetedCosineLr(Optimizer(), 5, 0, TimeSpan.Zero, () => TimeSpan.Zero));
    }

    private static Adam Optimizer() =>
        new([new OptimizerParityTests.Holder([[1]], [[0f]]).Parameters().Single()], new AdamOptions { LearningRate = 1.0 });
}
