import { Component, type ReactNode } from 'react';

/** Last resort: a rendering bug shows a message and a way back, not a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="crash" role="alert">
          <h1>Something went wrong</h1>
          <p>{this.state.error.message}</p>
          <p>
            <a href="#" onClick={() => setTimeout(() => location.reload(), 0)}>
              Open the default state
            </a>
          </p>
        </div>
      );
    }
    return this.props.children;
  }
}
