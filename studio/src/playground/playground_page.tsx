// The place of the in-browser training playground (issue 6, item 1), which is not built yet.
import { Note } from '../ui/messages.tsx';

export function PlaygroundPage() {
  return (
    <section>
      <h1>Playground</h1>
      <Note>
        Training a small GAN here in the browser, on 1-D and 2-D distributions with every knob of the GAN core, is not built yet.
        Meanwhile, train from the command line (<code>npx ganforge train ring2d</code>) and follow the run in the Runs view.
      </Note>
    </section>
  );
}
