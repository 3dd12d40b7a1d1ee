namespace Xv6Sharp.Machine.Cpu;

/// <summary>How a call into compiled code from the interpreter loop ended.</summary>
internal enum CompiledExit
{
    /// <summary>The marker on the slot was stale; nothing ran.</summary>
    NotEntered,
    /// <summary>Ran; the interpreter continues at the exit pc.</summary>
    Continue,
    /// <summary>A chunk boundary decided to stop (budget used up or an interrupt pending).</summary>
    Stop,
    /// <summary>An instruction trapped; it did not retire.</summary>
    Trap,
}
