import type * as vscode from 'vscode';

/** A message of a webview protocol (src/protocol): a `type` and its fields. */
interface Message {
  type: string;
}

/**
 * The extension's end of a webview's typed messages, for every panel: what goes to the page
 * is posted here while a page is attached; what comes back is checked against the protocol
 * and handed on, anything else is dropped (and logged). It keeps the last message of each
 * type both ways, so the state the page was given and what it last reported (the revision
 * it drew) can be read without asking the page.
 */
export class WebviewChannel<Out extends Message, In extends Message> {
  private webview: vscode.Webview | undefined;
  private readonly sent = new Map<string, Out>();
  private readonly received = new Map<string, In>();
  private droppedCount = 0;

  constructor(
    /** The panel's name in the log. */
    private readonly name: string,
    /** The protocol's check of what arrives. */
    private readonly fits: (raw: unknown) => raw is In,
    /** What a message that fits does; resolves once it is handled. */
    private readonly handle: (message: In) => void | Promise<void>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Connects a page: its messages come in, posts go to it, until the returned disposable is disposed. */
  attach(webview: vscode.Webview): vscode.Disposable {
    this.webview = webview;
    const listener = webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw));
    return {
      dispose: () => {
        listener.dispose();
        if (this.webview === webview) this.webview = undefined;
      },
    };
  }

  /** Whether a page is attached. */
  get attached(): boolean {
    return this.webview !== undefined;
  }

  /** Posts to the attached page; without one the message goes nowhere (the page asks for state when it loads). */
  post(message: Out): void {
    if (!this.webview) return;
    this.sent.set(message.type, message);
    void this.webview.postMessage(message);
  }

  /** Takes a message as the page posts it: checked against the protocol, then handled; resolves once handled. */
  async receive(raw: unknown): Promise<void> {
    if (!this.fits(raw)) {
      this.droppedCount++;
      this.log.warn(`${this.name}: dropped a message that does not fit the protocol`);
      return;
    }
    this.received.set(raw.type, raw);
    await this.handle(raw);
  }

  /** The last message of a type posted to the page. */
  lastSent<T extends Out['type']>(type: T): Extract<Out, { type: T }> | undefined {
    return this.sent.get(type) as Extract<Out, { type: T }> | undefined;
  }

  /** The last message of a type the page posted (and the protocol let through). */
  lastReceived<T extends In['type']>(type: T): Extract<In, { type: T }> | undefined {
    return this.received.get(type) as Extract<In, { type: T }> | undefined;
  }

  /** Messages from the page that did not fit the protocol. */
  get dropped(): number {
    return this.droppedCount;
  }
}
