using Xv6Sharp.Kernel.Proc;
using Xv6Sharp.Kernel.Sync;
using SpinLock = Xv6Sharp.Kernel.Sync.SpinLock;
using Xv6Sharp.Kernel.Tests.Harness;

namespace Xv6Sharp.Kernel.Tests.Observe;

/// <summary>
/// Each check of the lock validator (`--lockdep`, on in every test) fired by
/// kernel code that breaks its rule on purpose: a test-only system call
/// (KernelConfig.TestSyscalls) that the user program `testcall` makes on the
/// booted kernel. The rest of the suite is the validator's clean run.
/// </summary>
public sealed class LockValidatorTests
{
    private static RunResult RunCalls(string commandLine, params TestSyscall[] calls) =>
        TestSystem.Run(commandLine, kernel: new KernelConfig { TestSyscalls = calls });

    private static void AssertReport(RunResult r, params string[] parts)
    {
        Assert.True(r.Panic is not null, $"expected a lockdep panic\n{r}");
        Assert.StartsWith("lockdep: ", r.Panic);
        foreach (var part in parts) Assert.True(r.Panic!.Contains(part, StringComparison.Ordinal), $"report lacks '{part}'\n{r}");
        // The report reaches the console too, as a panic message does.
        Assert.Contains("panic: lockdep: ", r.Output);
    }

    [Fact]
    public void Taking_wait_lock_under_a_proc_lock_inverts_the_order_wait_uses()
    {
        // wait takes a child's p->lock while holding wait_lock (the shell's wait
        // for testcall has done so by the time the call runs); this takes them
        // the other way round.
        var r = RunCalls("testcall 60", new TestSyscall(60, "invert", (k, p) =>
        {
            p.Lock.Acquire();
            k.Processes.WaitLock.Acquire();
            k.Processes.WaitLock.Release();
            p.Lock.Release();
            return ValueTask.FromResult(0L);
        }));
        AssertReport(r,
            "lock order inversion (possible deadlock): \"wait_lock\" after \"proc\" here, but \"proc\" after \"wait_lock\" before",
            "now:    \"wait_lock\" taken in Taking_wait_lock_under_a_proc_lock_inverts_the_order_wait_uses (LockValidatorTests.cs:",
            "while holding \"proc\" (taken in Taking_wait_lock_under_a_proc_lock_inverts_the_order_wait_uses",
            "before: \"proc\" taken in ",
            "while holding \"wait_lock\"",
            // The panic names the locks the hart holds at that moment.
            "spin locks held by hart ");
        Assert.Matches("spin locks held by hart [0-9]+: \"proc\" taken in Taking_wait_lock", r.Panic!);
    }

    [Fact]
    public void Two_proc_locks_nested_without_an_annotation_are_reported()
    {
        var r = RunCalls("testcall 60", new TestSyscall(60, "nest", (k, p) =>
        {
            p.Lock.Acquire();
            p.Parent!.Lock.Acquire();
            p.Parent.Lock.Release();
            p.Lock.Release();
            return ValueTask.FromResult(0L);
        }));
        AssertReport(r, "\"proc\" taken in Two_proc_locks_nested_without_an_annotation_are_reported",
            "while holding another \"proc\"", "two locks of one class nested", "AcquireNested");
    }

    [Fact]
    public void Two_proc_locks_nested_with_AcquireNested_pass()
    {
        var r = RunCalls("testcall 60 60", new TestSyscall(60, "nest annotated", (k, p) =>
        {
            p.Lock.Acquire();
            p.Parent!.Lock.AcquireNested(1);
            p.Parent.Lock.Release();
            p.Lock.Release();
            return ValueTask.FromResult(0L);
        }));
        Assert.True(r.Panic is null && r.Status == 0, r.ToString());
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(r.Output, "testcall 60: 0"));
    }

    [Fact]
    public void A_sleep_lock_taken_while_holding_a_spin_lock_is_reported()
    {
        SleepLock? sleepLock = null;
        var r = RunCalls("testcall 60", new TestSyscall(60, "sleep lock under spin lock", async (k, p) =>
        {
            sleepLock ??= new SleepLock(k, "test sleep lock");
            p.Lock.Acquire();
            await sleepLock.AcquireAsync();
            sleepLock.Release();
            p.Lock.Release();
            return 0L;
        }));
        AssertReport(r, "sleep lock \"test sleep lock\" taken in A_sleep_lock_taken_while_holding_a_spin_lock_is_reported",
            "while holding a spin lock", "spin locks held by hart ");
    }

    [Fact]
    public void Sleeping_with_a_spin_lock_other_than_the_condition_lock_is_reported()
    {
        var r = RunCalls("testcall 60", new TestSyscall(60, "sleep holding two", async (k, p) =>
        {
            var extra = new SpinLock(k.Interrupts, "test extra");
            var condition = new SpinLock(k.Interrupts, "test condition");
            extra.Acquire();
            condition.Acquire();
            await k.SleepWakeup.SleepAsync(condition, condition);
            condition.Release();
            extra.Release();
            return 0L;
        }));
        AssertReport(r, "holding \"test extra\" taken in Sleeping_with_a_spin_lock_other_than_the_condition_lock_is_reported",
            "besides its condition lock \"test condition\"");
    }

    [Fact]
    public void Returning_to_user_mode_holding_a_spin_lock_is_reported()
    {
        var r = RunCalls("testcall 60", new TestSyscall(60, "leak spin lock", (k, p) =>
        {
            new SpinLock(k.Interrupts, "test leaked").Acquire();
            return ValueTask.FromResult(0L);
        }));
        AssertReport(r, "(testcall) returning to user mode holding \"test leaked\" taken in Returning_to_user_mode_holding_a_spin_lock_is_reported");
    }

    [Fact]
    public void Returning_to_user_mode_holding_a_sleep_lock_is_reported()
    {
        var r = RunCalls("testcall 60", new TestSyscall(60, "leak sleep lock", async (k, p) =>
        {
            await new SleepLock(k, "test sleep leaked").AcquireAsync();
            return 0L;
        }));
        AssertReport(r, "(testcall) returning to user mode holding \"test sleep leaked\" taken in Returning_to_user_mode_holding_a_sleep_lock_is_reported");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void A_hart_spinning_too_long_is_reported_with_the_holder(int harts)
    {
        // Call 60 takes the lock and keeps it (the hart busy in the kernel) until
        // the validator has reported the other hart's spin; call 61, in another
        // process on another hart, spins for it meanwhile.
        SpinLock? contended = null;
        SpinLock Contended(Xv6Kernel k) => LazyInitializer.EnsureInitialized(ref contended, () => new SpinLock(k.Interrupts, "test contended"));
        using var taken = new ManualResetEventSlim();
        var hold = new TestSyscall(60, "hold", (k, p) =>
        {
            Contended(k).Acquire();
            taken.Set();
            LostWakeupProbe.Eventually(() => k.LockWatch!.Validator!.Reports.Count > 0, TimeSpan.FromSeconds(60));
            Contended(k).Release();
            return ValueTask.FromResult(0L);
        });
        var spin = new TestSyscall(61, "spin", (k, p) =>
        {
            taken.Wait(TimeSpan.FromSeconds(60));
            Contended(k).Acquire();
            Contended(k).Release();
            return ValueTask.FromResult(0L);
        });
        var told = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var config = new KernelConfig
        {
            TestSyscalls = [hold, spin], LockSpinLimit = TimeSpan.FromMilliseconds(200), LockReport = told.Enqueue,
        };
        var output = new System.Text.StringBuilder();
        using var system = BootedSystem.Start(TestSystem.Options("testcall -p 60 61", TestSystem.NewImage(), harts, output, config));
        var r = TestSystem.Finish(system, output, TimeSpan.FromSeconds(120));

        Assert.True(r.Panic is null && r.Status == 0, r.ToString());
        Assert.Contains("testcall 60: 0", r.Output);
        Assert.Contains("testcall 61: 0", r.Output);
        var report = Assert.Single(system.Kernel.LockWatch!.Validator!.Reports);
        Assert.Matches("^lockdep: hart [0-9]+ \\(pid [0-9]+, testcall\\) has spun [0-9]+ ms for \"test contended\"; " +
                       "held by hart [0-9]+ running pid [0-9]+ \\(testcall\\), taken in A_hart_spinning_too_long_is_reported_with_the_holder \\(LockValidatorTests.cs:[0-9]+\\)$",
            report);
        Assert.Equal(report, Assert.Single(told));
    }
}
