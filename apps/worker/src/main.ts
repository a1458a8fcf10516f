/**
 * The worker process. Projections and the integrator feed run here once they exist (issues 3 and
 * 6); until then it only says so, so that deployments can already start it.
 */
console.log('worker: no projections are registered yet; nothing to run.');
