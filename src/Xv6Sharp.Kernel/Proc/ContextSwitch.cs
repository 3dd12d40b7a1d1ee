using System.Runtime.CompilerServices;
using Xv6Sharp.Machine.Cpu;

namespace Xv6Sharp.Kernel.Proc;

/// <summary>
/// The awaitable behind sched(): awaiting it stores the rest of the process's
/// kernel thread in <see cref="Process.Continuation"/> and returns control to
/// the hart's scheduler loop, which called into the process. When a scheduler
/// (maybe on another hart) resumes the continuation, the await completes, on
/// that hart's thread, with p->lock held by that scheduler.
/// </summary>
public readonly struct ContextSwitch : ICriticalNotifyCompletion
{
    private readonly Process _process;
    private readonly bool _interruptsEnabledBeforePush;

    internal ContextSwitch(Process process, bool interruptsEnabledBeforePush)
    {
        _process = process;
        _interruptsEnabledBeforePush = interruptsEnabledBeforePush;
    }

    public ContextSwitch GetAwaiter() => this;

    /// <summary>Never complete: a switch always leaves the CPU.</summary>
    public bool IsCompleted => false;

    public void OnCompleted(Action continuation) => _process.Continuation = continuation;

    public void UnsafeOnCompleted(Action continuation) => _process.Continuation = continuation;

    public void GetResult()
    {
        // Continuations must run inline on the hart thread that resumed them,
        // never on the thread pool: that is what makes p->lock handoff sound.
        var cpu = Cpu.CurrentOrNull;
        if (cpu is null || Hart.Current is null || !ReferenceEquals(cpu.Process, _process))
            throw new InvalidOperationException($"process {_process.Pid} resumed off its hart thread");
        // intena belongs to the kernel thread, not the hart (xv6 restores it after swtch).
        cpu.InterruptsEnabledBeforePush = _interruptsEnabledBeforePush;
    }
}
