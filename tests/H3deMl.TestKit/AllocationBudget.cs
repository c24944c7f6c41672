using Xunit;

namespace H3deMl.TestKit;

/// <summary>
/// Measures the managed bytes a reader allocates while it handles a crafted file, for the "rejected files must not
/// allocate more than twice their size plus 64 MB" rule. The count is process-wide
/// (<see cref="GC.GetTotalAllocatedBytes(bool)"/>), because readers decode on the thread pool; tests that use it belong in
/// a collection with parallelisation disabled so that other tests' allocations are not counted.
/// </summary>
public static class AllocationBudget
{
    /// <summary>The fixed part of the budget: 64 MB.</summary>
    public const long FixedBytes = 64L << 20;

    /// <summary>The budget for a file of <paramref name="fileBytes"/> bytes: 2 × its size + 64 MB.</summary>
    public static long For(long fileBytes) => (2 * fileBytes) + FixedBytes;

    /// <summary>Runs <paramref name="action"/>, which must throw <typeparamref name="TException"/>, and returns the exception
    /// and the bytes allocated meanwhile.</summary>
    /// <typeparam name="TException">The exception type expected (or a subtype).</typeparam>
    /// <param name="action">The read.</param>
    /// <returns>The exception and the allocated byte count.</returns>
    public static (TException Exception, long AllocatedBytes) MeasureThrows<TException>(Action action)
        where TException : Exception
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        Exception? caught = null;
        try
        {
            action();
        }
        catch (Exception e)
        {
            caught = e;
        }

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.True(caught is TException, $"expected {typeof(TException).Name}, got {caught?.GetType().Name ?? "no exception"}: {caught?.Message}");
        return ((TException)caught!, allocated);
    }

    /// <summary>Asserts that <paramref name="allocatedBytes"/> is within the budget for a file of
    /// <paramref name="fileBytes"/> bytes.</summary>
    /// <param name="allocatedBytes">Bytes allocated by the read.</param>
    /// <param name="fileBytes">Size of the file read (all its parts, for detached formats).</param>
    /// <param name="what">What was read, for the failure message.</param>
    public static void AssertWithin(long allocatedBytes, long fileBytes, string what)
    {
        long budget = For(fileBytes);
        Assert.True(allocatedBytes <= budget, $"{what}: allocated {allocatedBytes:N0} bytes for a {fileBytes:N0}-byte file; the budget is {budget:N0}");
    }
}
