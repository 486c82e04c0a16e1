/** Dialog ids, one place, so features refer to each other without string typos. */
export const DialogIds = {
  main: 'main',
  mainRoute: 'main.route',
  quizRound: 'quiz.round',
} as const;
