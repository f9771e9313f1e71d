import { Injectable } from '@nestjs/common';

/**
 * Whether the process has been asked to stop. From that moment /ready answers 503, so that
 * load balancers and Kubernetes stop sending new requests while those in flight finish.
 */
@Injectable()
export class ShutdownState {
  private since: Date | undefined;

  get draining(): boolean {
    return this.since !== undefined;
  }

  begin(): void {
    this.since ??= new Date();
  }
}
