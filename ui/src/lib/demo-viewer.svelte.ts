// The demo's simulated viewer: in the demo workspace the core opens nothing (its sessions
// and assets are the sandbox's) and answers what would have opened; the window shows this
// in its place, so *Start remote session* and the launch buttons complete.

export interface ViewerTarget {
  /** Whose computer: the session's end user, or the asset. */
  who: string;
  /** What would have opened, in the core's words ("the Splashtop Business app"). */
  app: string;
  /** The URL the core built, shown so the demo teaches what a real desk opens. */
  url: string;
}

export class DemoViewer {
  current = $state<ViewerTarget | null>(null);

  show(target: ViewerTarget): void {
    this.current = target;
  }

  close(): void {
    this.current = null;
  }
}
