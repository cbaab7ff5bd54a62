// The progress line of a request card: done steps filled, the current one marked for screen readers.
// Short step names ("Đã gửi"), not the card's headline ("Đang chờ gửi – cụm chưa nhận được"): a step
// drawn as done must not read as still waiting.
import { useT } from '../../i18n';
import { messages } from '../../i18n/messages/post';
import { STAGE_STEPS, type PostStage } from './post-stage';

export function StageSteps({ stage }: { stage: PostStage }) {
  const t = useT(messages);
  if (stage === 'cancelled') return null;
  const current = STAGE_STEPS.indexOf(stage);
  return (
    <ol className="stage-steps" aria-label={t('post.stepsLabel')}>
      {STAGE_STEPS.map((s, i) => (
        <li
          key={s}
          className={i < current ? 'done' : i === current ? 'current' : 'todo'}
          aria-current={i === current ? 'step' : undefined}
        >
          {t(`post.step.${s}`)}
        </li>
      ))}
    </ol>
  );
}
