package io.tiercache.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * A question one member asks every member (which of these keys do you hold a hot copy of? what
 * did you serve lately?), answered on the member that runs it by what {@link MemberQuestions}
 * registered there. Question and answer are JSON texts, so that the cluster room does not need to
 * know what the dashboard asks.
 */
public final class MemberQuestion implements Callable<String>, IdentifiedDataSerializable, HazelcastInstanceAware {

    private String subject;
    private String body;
    private transient HazelcastInstance hazelcast;

    public MemberQuestion() {
    }

    MemberQuestion(String subject, String body) {
        this.subject = subject;
        this.body = body;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @Override
    public String call() {
        return MemberQuestions.answer(hazelcast, subject, body);
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.MEMBER_QUESTION;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(subject);
        out.writeString(body);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        subject = in.readString();
        body = in.readString();
    }
}
