export { REPLAY_PAGE, replayFromStore } from './replay-from-store';
